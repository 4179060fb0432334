"""Configuration: defaults, then instance/config.py, then environment variables, then a mapping."""

import os
import re
import secrets
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

# Settings that may be given as environment variables, with the type to read them as.
ENV_SETTINGS = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "BASE_URL": str,
    "MAIL_FROM": str,
    # Read as text and checked by `smtp_settings`, so that a typo is a clear error, not a traceback.
    "SMTP_HOST": str,
    "SMTP_PORT": str,
    "SMTP_SECURITY": str,
    "SMTP_USERNAME": str,
    "SMTP_PASSWORD": str,
    # Company sign-in (OpenID Connect), checked by `oidc_settings`.
    "OIDC_ISSUER": str,
    "OIDC_CLIENT_ID": str,
    "OIDC_CLIENT_SECRET": str,
    "OIDC_NAME": str,
    "OIDC_TRUST_EMAIL": str,
    "PASSWORD_SIGNIN": str,
    "SESSION_IDLE_MINUTES": int,
    "REMEMBER_DAYS": int,
    "LOGIN_MAX_FAILURES_PER_ACCOUNT": int,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": int,
    "LOGIN_FAILURE_WINDOW_MINUTES": int,
    "PASSWORD_RESET_MINUTES": int,
    "INVITATION_DAYS": int,
    "PEOPLE_PER_AMBASSADOR": int,
    "RETENTION_MONTHS": int,
    "PROXY_FIX_X_FOR": int,
    "AMBASSADOR_ENV": str,
    "DEFAULT_TIMEZONE": str,
    "PASSWORD_HASH_METHOD": str,
}

DEFAULTS = {
    "AMBASSADOR_ENV": "production",
    "SESSION_IDLE_MINUTES": 30,
    "REMEMBER_DAYS": 14,
    "LOGIN_MAX_FAILURES_PER_ACCOUNT": 5,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 100,
    "LOGIN_FAILURE_WINDOW_MINUTES": 15,
    "PASSWORD_RESET_MINUTES": 60,
    "INVITATION_DAYS": 7,
    # An office with fewer than one ambassador per this many people is flagged on the coverage pages.
    "PEOPLE_PER_AMBASSADOR": 50,
    # People deactivated longer than this are erased by the nightly job (0: never automatically).
    "RETENTION_MONTHS": 24,
    "PROXY_FIX_X_FOR": 0,
    "MAIL_FROM": "Ambassador <no-reply@example.com>",
    "SMTP_HOST": "",
    "SMTP_PORT": 25,
    "SMTP_SECURITY": "none",
    "SMTP_USERNAME": "",
    "SMTP_PASSWORD": "",
    "BASE_URL": "",
    # Company sign-in: off unless OIDC_ISSUER is set; PASSWORD_SIGNIN=off leaves passwords to administrators.
    "OIDC_ISSUER": "",
    "OIDC_CLIENT_ID": "",
    "OIDC_CLIENT_SECRET": "",
    "OIDC_NAME": "",
    "PASSWORD_SIGNIN": "on",
    # Werkzeug's method string; tests use a fast one, production keeps the slow, strong default.
    "PASSWORD_HASH_METHOD": "scrypt",
    "DEFAULT_TIMEZONE": "Europe/Stockholm",
    "LANGUAGES": {"en": "English", "sv": "Svenska"},
    "BABEL_DEFAULT_LOCALE": "en",
    "BABEL_DEFAULT_TIMEZONE": "UTC",
    "MAX_CONTENT_LENGTH": 32 * 1024 * 1024,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    "TESTING": False,
}


def database_uri(url: str) -> str:
    """Point postgres:// and postgresql:// URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _instance_secret(instance_path: str) -> str:
    """Read, or create once, a random secret key kept in the instance folder."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def load(app, overrides: dict | None = None) -> None:
    """Fill app.config in layers and derive the settings that depend on others."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(DEFAULTS)
    # instance/config.py (from_pyfile alone would read the package's own config.py, this module)
    app.config.from_pyfile(str(Path(app.instance_path) / "config.py"), silent=True)
    for name, kind in ENV_SETTINGS.items():
        if os.environ.get(name):
            app.config[name] = kind(os.environ[name])
    app.config.from_mapping(overrides or {})

    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app.instance_path)
    default_db = "sqlite:///" + str(Path(app.instance_path) / "ambassador.sqlite")
    url = app.config.get("SQLALCHEMY_DATABASE_URI") or app.config.get("DATABASE_URL") or default_db
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(url)
    # Secure cookies everywhere but local development and tests, unless set explicitly.
    secure = (overrides or {}).get("SESSION_COOKIE_SECURE", not is_local(app))
    app.config["SESSION_COOKIE_SECURE"] = secure
    app.config["BASE_URL"] = base_url(app)
    smtp_settings(app.config)
    oidc_settings(app.config)
    _check_retention(app.config)


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the app refuses to start."""


def base_url(app) -> str:
    """The public address every absolute link is built on, never the request's Host header.

    Required outside local development and tests; there it is http://127.0.0.1:$PORT.
    """
    url = (app.config.get("BASE_URL") or "").strip().rstrip("/")
    if not url:
        if not is_local(app):
            raise ConfigError(
                "BASE_URL is not set. Set it to the public address of this site, "
                "e.g. BASE_URL=https://ambassador.example.com (links in emails and certificates use it)."
            )
        url = f"http://127.0.0.1:{os.environ.get('PORT') or 5000}"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(f"BASE_URL must look like https://ambassador.example.com, not {url!r}.")
    return url


def is_local(app) -> bool:
    """True for local development and tests, where cookies travel over plain HTTP."""
    return app.config["AMBASSADOR_ENV"] == "development" or app.config["TESTING"] or app.debug


def _check_retention(config) -> None:
    """RETENTION_MONTHS is a whole number of months, 0 to turn the automatic erasure off."""
    months = config["RETENTION_MONTHS"]
    if not isinstance(months, int) or isinstance(months, bool) or months < 0:
        raise ConfigError(f"RETENTION_MONTHS must be a whole number of months (0: off), not {months!r}.")


_SECURITY_CHOICES = ("none", "starttls", "tls")
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
_HOST = re.compile(r"[A-Za-z0-9_.:-]+")  # a name or an address; no scheme, port, path or space


def _smtp_port(value) -> int:
    """SMTP_PORT as a number from 1 to 65535, or a ConfigError that says so."""
    text = str(value).strip()
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ConfigError(f"SMTP_PORT must be a port number from 1 to 65535 (e.g. 587), not {value!r}.")
    return int(text)


def _check_mail_from(value: str) -> None:
    """MAIL_FROM must be one address, optionally with a name: `Ambassador <no-reply@example.com>`."""
    _name, address = parseaddr(value)
    if "\r" in value or "\n" in value or "@" not in address or " " in address:
        raise ConfigError(
            f"MAIL_FROM must be an address such as 'Ambassador <no-reply@example.com>', not {value!r}."
        )


def _check_smtp_host(config) -> None:
    """SMTP_HOST is a bare host name; without it, no other SMTP_* setting makes sense."""
    host = config["SMTP_HOST"]
    if host and not _HOST.fullmatch(host):
        raise ConfigError(f"SMTP_HOST must be a host name such as smtp.example.com, not {host!r}.")
    if host.count(":") == 1:  # host:port (an IPv6 address has several colons)
        raise ConfigError(f"SMTP_HOST is a host name alone, not {host!r}: put the port in SMTP_PORT.")
    others = [name for name in ("SMTP_USERNAME", "SMTP_PASSWORD") if config[name]]
    if not host and others:
        raise ConfigError(f"{', '.join(others)} is set but SMTP_HOST is not: set SMTP_HOST too.")


def smtp_settings(config) -> None:
    """Check and normalise the SMTP_* settings and MAIL_FROM; a malformed one stops the start.

    Without SMTP_HOST nothing is emailed: delivery marks messages sent on the outbox page only.
    """
    config["SMTP_HOST"] = (config.get("SMTP_HOST") or "").strip()
    _check_smtp_host(config)
    config["SMTP_PORT"] = _smtp_port(config.get("SMTP_PORT") or 25)
    security = str(config.get("SMTP_SECURITY") or "none").strip().lower()
    if security not in _SECURITY_CHOICES:
        raise ConfigError(f"SMTP_SECURITY must be one of none, starttls or tls, not {security!r}.")
    config["SMTP_SECURITY"] = security
    if bool(config["SMTP_USERNAME"]) != bool(config["SMTP_PASSWORD"]):
        raise ConfigError("Set SMTP_USERNAME and SMTP_PASSWORD together, or neither.")
    if config["SMTP_USERNAME"] and security == "none" and config["SMTP_HOST"] not in _LOCAL_HOSTS:
        raise ConfigError(
            "SMTP_USERNAME is set but SMTP_SECURITY is none: the password would cross the network "
            "unencrypted. Set SMTP_SECURITY=starttls (port 587) or tls (port 465)."
        )
    _check_mail_from(config["MAIL_FROM"])


def _check_issuer(issuer: str) -> None:
    """OIDC_ISSUER is an https address (plain http only on this host), without query or fragment."""
    parts = urlsplit(issuer)
    local = parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS
    if not (parts.scheme == "https" or local) or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(
            f"OIDC_ISSUER must be the provider's https address (https://login.example.com), not {issuer!r}."
        )


def oidc_settings(config) -> None:
    """Check the company sign-in settings (OIDC_*) and PASSWORD_SIGNIN; a malformed one stops the start.

    OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together; PASSWORD_SIGNIN=off needs them.
    OIDC_TRUST_EMAIL is on or off (default).
    """
    for name in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_NAME"):
        config[name] = str(config.get(name) or "").strip()
    names = ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
    missing = [name for name in names if not config[name]]
    if len(missing) not in (0, len(names)):
        raise ConfigError(
            "Company sign-in needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: "
            f"set {', '.join(missing)} too."
        )
    if config["OIDC_ISSUER"]:
        _check_issuer(config["OIDC_ISSUER"])
    trust = str(config.get("OIDC_TRUST_EMAIL") or "off").strip().lower()
    if trust not in ("on", "off"):
        raise ConfigError(f"OIDC_TRUST_EMAIL must be on or off, not {trust!r}.")
    config["OIDC_TRUST_EMAIL"] = trust
    password = str(config.get("PASSWORD_SIGNIN") or "on").strip().lower()
    if password not in ("on", "off"):
        raise ConfigError(f"PASSWORD_SIGNIN must be on or off, not {password!r}.")
    if password == "off" and not config["OIDC_ISSUER"]:
        raise ConfigError(
            "PASSWORD_SIGNIN=off needs company sign-in: "
            "set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET."
        )
    config["PASSWORD_SIGNIN"] = password
