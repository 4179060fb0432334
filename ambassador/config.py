"""Configuration: defaults, then instance/config.py, then environment variables, then a mapping."""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

# Settings that may be given as environment variables, with the type to read them as.
ENV_SETTINGS = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "BASE_URL": str,
    "MAIL_FROM": str,
    "SESSION_IDLE_MINUTES": int,
    "REMEMBER_DAYS": int,
    "LOGIN_MAX_FAILURES_PER_ACCOUNT": int,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": int,
    "LOGIN_FAILURE_WINDOW_MINUTES": int,
    "PASSWORD_RESET_MINUTES": int,
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
    "PROXY_FIX_X_FOR": 0,
    "MAIL_FROM": "Ambassador <no-reply@example.com>",
    "BASE_URL": "",
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
    app.config.from_pyfile("config.py", silent=True)
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
