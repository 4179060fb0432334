"""Company sign-in through the company's OpenID provider: the authorization code flow with PKCE.

Authlib's Flask client speaks the protocol: it reads the provider's discovery document (from
OIDC_ISSUER), sends the browser there with a fresh `state`, `nonce` and PKCE (S256) challenge kept in
this browser's session, then exchanges the code (with the PKCE verifier) at the token endpoint and
checks the ID token's signature, issuer, audience, expiry and nonce. A callback whose state this
browser did not start (forged, replayed, expired) is refused before anything is sent anywhere.
Which person the identity is belongs to `sso.py`; this module only reads the request and session.
"""

import logging
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from authlib.integrations.flask_client import OAuth, OAuthError
from flask import current_app, redirect, request, session
from flask_babel import get_locale
from joserfc.errors import JoseError

from ambassador.auth.sso import Identity, SsoRefused
from ambassador.web import external_url

log = logging.getLogger(__name__)

NAME = "company"  # Authlib's name for the client; its state is kept under `_state_company_<state>`
EXTENSION = "ambassador.oidc"
SCOPE = "openid email profile"
TIMEOUT = 10  # seconds for each call to the provider
METADATA_MAX_AGE = 24 * 3600  # read the discovery document (and the signing keys) again daily
# Sign-ins under way in one browser (tabs); older ones are forgotten so the session cookie stays small.
MAX_PENDING = 3


class Unavailable(Exception):
    """The provider cannot be reached, or its discovery document is unusable."""


@dataclass(frozen=True)
class Settings:
    """The company's provider and this site's client there."""

    issuer: str
    client_id: str
    client_secret: str

    @property
    def discovery_url(self) -> str:
        """Where the provider publishes its configuration."""
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def settings() -> Settings | None:
    """The company sign-in settings of this app, or None when it is not set up."""
    config = current_app.config
    if not config["OIDC_ISSUER"]:
        return None
    return Settings(config["OIDC_ISSUER"], config["OIDC_CLIENT_ID"], config["OIDC_CLIENT_SECRET"])


def admins_only() -> bool:
    """True when passwords are for administrators only (PASSWORD_SIGNIN=off)."""
    return current_app.config["PASSWORD_SIGNIN"] == "off"


def _client():
    """Authlib's client for the configured provider, one per app and settings."""
    config = settings()
    clients = current_app.extensions.setdefault(EXTENSION, {})
    if config not in clients:
        oauth = OAuth(current_app._get_current_object())
        clients[config] = oauth.register(
            NAME,
            client_id=config.client_id,
            client_secret=config.client_secret,
            server_metadata_url=config.discovery_url,
            client_kwargs={"scope": SCOPE, "code_challenge_method": "S256", "default_timeout": TIMEOUT},
        )
    return clients[config]


def _metadata(client) -> dict:
    """The provider's discovery document (cached for a day), or raise Unavailable."""
    loaded_at = client.server_metadata.get("_loaded_at")
    if loaded_at and time.time() - loaded_at > METADATA_MAX_AGE:
        client.server_metadata.clear()
    try:
        metadata = client.load_server_metadata()
    except (requests.RequestException, ValueError) as error:
        log.warning("company sign-in: discovery at %s failed: %s", settings().discovery_url, error)
        raise Unavailable() from error
    wanted = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    missing = [key for key in wanted if not metadata.get(key)]
    # The discovery document must name the very issuer it was read from (OpenID Discovery 4.3).
    if missing or metadata["issuer"].rstrip("/") != settings().issuer.rstrip("/"):
        log.error(
            "company sign-in: discovery document unusable (issuer %r, missing %s)",
            metadata.get("issuer"),
            missing,
        )
        client.server_metadata.clear()
        raise Unavailable()
    return metadata


def form_targets() -> list[str]:
    """Origins a sign-out form may lead on to (the provider's), for the Content-Security-Policy."""
    config = settings()
    if config is None:
        return []
    urls = [config.issuer, _client().server_metadata.get("end_session_endpoint") or ""]
    return [f"{parts.scheme}://{parts.netloc}" for parts in map(urlsplit, urls) if parts.netloc]


def start(next_path: str | None):
    """Send the browser to the provider; `next_path` is where to land after signing in."""
    client = _client()
    _metadata(client)
    redirect_uri = external_url("auth.sso_callback")
    try:
        found = client.create_authorization_url(redirect_uri, ui_locales=str(get_locale()))
    except requests.RequestException as error:
        raise Unavailable() from error
    url = found.pop("url")
    _forget_old_sign_ins()
    client.save_authorize_data(redirect_uri=redirect_uri, next=next_path, **found)
    return redirect(url)


def _forget_old_sign_ins() -> None:
    """Keep room for one more sign-in under way: drop all but the newest MAX_PENDING - 1."""
    prefix = f"_state_{NAME}_"
    pending = sorted((key for key in session if key.startswith(prefix)), key=lambda key: session[key]["exp"])
    for key in pending[: max(0, len(pending) - (MAX_PENDING - 1))]:
        session.pop(key)


def finish() -> tuple[Identity, str | None]:
    """Check the provider's callback and return who signed in and where they were going.

    Raises SsoRefused ("callback", "provider" or "token") when anything does not hold, and
    Unavailable when the provider cannot be reached for the tokens.
    """
    client = _client()
    metadata = _metadata(client)
    state = request.args.get("state", "")
    data = client.framework.get_state_data(session, state) if state else None
    if not data:
        raise SsoRefused("callback")
    try:
        return _identity(client, metadata), data.get("next")
    finally:
        client.framework.clear_state_data(session, state)  # a state is used once, whatever happened


def _identity(client, metadata: dict) -> Identity:
    """Exchange the code for tokens and read the identity from the checked ID token."""
    issuer = request.args.get("iss")
    if issuer is not None and issuer != metadata["issuer"]:  # RFC 9207: the answer is from our provider
        raise SsoRefused("provider", detail=f"iss {issuer!r}")
    try:
        token = client.authorize_access_token()
        claims = token.get("userinfo")
        if claims is None:
            raise SsoRefused("token", detail="no ID token")
        if "email" not in claims:  # many providers put the email in the UserInfo answer only
            extra = client.userinfo(token=token)
            if extra.get("sub") != claims["sub"]:
                raise SsoRefused("token", detail="UserInfo is about someone else")
            claims = {**extra, **claims}
    except OAuthError as error:
        raise SsoRefused("provider", detail=f"{error.error}: {error.description or ''}".strip()) from error
    except (JoseError, ValueError) as error:
        raise SsoRefused("token", detail=str(error)[:200]) from error
    except requests.RequestException as error:
        log.warning("company sign-in: the provider did not answer: %s", error)
        raise Unavailable() from error
    verified = claims.get("email_verified") in (True, "true")  # some providers send the text "true"
    if "email_verified" not in claims and current_app.config["OIDC_TRUST_EMAIL"] == "on":
        verified = True  # the company's own directory, which says nothing (Microsoft Entra ID)
    email = claims.get("email") if isinstance(claims.get("email"), str) else None
    return Identity(str(claims["sub"]), email, verified, token["id_token"])


def logout_url(id_token: str | None) -> str | None:
    """Where to sign out at the provider too (RP-initiated logout), or None where it offers none."""
    if settings() is None or not id_token:
        return None
    client = _client()
    try:
        metadata = _metadata(client)
    except Unavailable:
        return None  # signed out here; the provider's session ends on its own
    if not metadata.get("end_session_endpoint"):
        return None
    back = external_url("auth.login")
    return client.create_logout_url(post_logout_redirect_uri=back, id_token_hint=id_token)["url"]
