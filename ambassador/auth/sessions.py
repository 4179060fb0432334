"""Glue between Flask-Login, the signed cookie and the server-side session rows.

The cookie only carries a random token; the row behind it decides whether the session
lives. Deleting the row (sign-out, deactivation, password change) ends it for real, even
for a copy of the cookie taken earlier.
"""

import secrets
from datetime import timedelta

from flask import after_this_request, current_app, flash, g, redirect, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_url, login_user, logout_user
from itsdangerous import BadData, URLSafeTimedSerializer

from ambassador.auth import kept, services
from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.extensions import login_manager
from ambassador.org.models import Person
from ambassador.web import files_posted

TOKEN_KEY = "sid"
# Kept when a new session starts at sign-in: quiz answers, or the token of a form (auth/kept.py),
# posted after the old session timed out.
KEPT_KEY = "kept_form"
CARRY_OVER = ("pending_answers", KEPT_KEY)
# Refresh the idle deadline at most once a minute, not on every request.
TOUCH_INTERVAL = timedelta(minutes=1)
# A browser that signed in successfully is remembered for a year, for up to ten accounts.
DEVICE_COOKIE = "device"
DEVICE_LIFETIME = timedelta(days=365)
DEVICE_MAX_ACCOUNTS = 10


class ClockedSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, whose expiry is read from our clock, as the session row's is."""

    def get_expiration_time(self, app, session):
        """A remembered session's cookie lasts exactly as long as its row."""
        if session.permanent:
            return utcnow() + app.permanent_session_lifetime
        return None


def init_app(app) -> None:
    """Configure Flask-Login to use server-side sessions."""
    app.session_interface = ClockedSessionInterface()
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # the server-side row does this job
    login_manager.user_loader(_load_person)
    login_manager.unauthorized_handler(_sign_in_first)
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(days=app.config["REMEMBER_DAYS"])
    app.before_request(_touch)
    app.before_request(_give_back_kept_form)


def _sign_in_first():
    """Send a signed-out visitor to sign in; a form they posted is kept for when they come back.

    The form passed its CSRF check (CSRFProtect runs first), so it came from this browser.
    """
    # Never the sign-in pages' own forms: they hold passwords, which are not kept anywhere.
    keeping = request.method == "POST" and request.blueprint != "auth"
    if keeping and (token := kept.keep(request.path, request.form, utcnow())):
        db.session.commit()
        session[KEPT_KEY] = token
        message = _("Your session ended. Sign in again: what you typed has been kept.")
        if files_posted():
            message += " " + _("Files are not kept: choose them again.")
        flash(message, "info")
        return redirect(login_url(login_manager.login_view, request.path))
    flash(str(login_manager.login_message), login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, request.url))


def _give_back_kept_form() -> None:
    """On the page a kept form came from, hand its fields to the page's form (see `ambassador.forms`)."""
    token = session.get(KEPT_KEY)
    if not token or request.method != "GET" or not current_user.is_authenticated:
        return
    fields = kept.claim(token, request.path, utcnow())
    if fields is not None:
        session.pop(KEPT_KEY)
        db.session.commit()
        g.kept_form = fields
        flash(_("What you typed before your session ended is back. Check it and save."), "info")


def _lifetime(remember: bool) -> timedelta:
    """How long a session lives: days when remembered, else the idle timeout."""
    cfg = current_app.config
    if remember:
        return timedelta(days=cfg["REMEMBER_DAYS"])
    return timedelta(minutes=cfg["SESSION_IDLE_MINUTES"])


def _load_person(person_id: str) -> Person | None:
    """Return the signed-in person when the cookie's session row is alive."""
    token = session.get(TOKEN_KEY)
    if not token:
        return None
    row = services.find_session(token, utcnow())
    if row is None or str(row.person_id) != person_id:
        return None
    person = row.person
    if person is None or not person.active:
        return None
    g.session_row = row
    return person


def _touch() -> None:
    """Slide the idle deadline of a non-remembered session forward."""
    if request.endpoint == "static":
        return  # stylesheets and images do not count as activity and need no database
    if not current_user.is_authenticated:
        if session.get(TOKEN_KEY):
            session.clear()  # the server ended this session: drop the stale cookie
        return
    row = g.session_row
    now = utcnow()
    if not row.remember and now - row.last_seen_at >= TOUCH_INTERVAL:
        row.last_seen_at = now
        row.expires_at = now + _lifetime(False)
        db.session.commit()


def sign_in(person: Person, remember: bool, id_token: str | None = None) -> None:
    """Start a fresh session for `person` in this browser; the caller commits.

    `id_token` is the provider's, after a company sign-in (kept to sign out there too).
    """
    kept = {key: session[key] for key in CARRY_OVER if key in session}
    session.clear()
    session.update(kept)
    token = services.start_session(person, remember, _lifetime(remember), utcnow(), id_token)
    session[TOKEN_KEY] = token
    session.permanent = remember
    login_user(person)
    _remember_device(person)


def _device_signer() -> URLSafeTimedSerializer:
    """Signs the device cookie with the app's secret, apart from every other signed value."""
    return URLSafeTimedSerializer(current_app.secret_key, salt="ambassador.device")


def this_device() -> services.Device | None:
    """The device this browser proved to be, from its signed cookie, or None."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        data = _device_signer().loads(raw, max_age=int(DEVICE_LIFETIME.total_seconds()))
        device = services.Device(id=str(data["d"]), person_ids=tuple(int(n) for n in data["p"]))
    except (BadData, KeyError, TypeError, ValueError):
        return None
    return device


def _remember_device(person: Person) -> None:
    """After a successful sign-in, mark this browser as one that `person` uses."""
    device = this_device()
    device_id = device.id if device else secrets.token_urlsafe(16)
    others = [n for n in (device.person_ids if device else ()) if n != person.id]
    value = _device_signer().dumps({"d": device_id, "p": [person.id, *others][:DEVICE_MAX_ACCOUNTS]})

    @after_this_request
    def set_cookie(response):
        """Send the (re)signed device cookie, valid for another year."""
        response.set_cookie(
            DEVICE_COOKIE,
            value,
            max_age=int(DEVICE_LIFETIME.total_seconds()),
            path="/auth/",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
        return response


def sign_out() -> str | None:
    """End this browser's session on the server and clear the cookie; the caller commits.

    Returns the provider's ID token when the session began with a company sign-in, else None.
    """
    row = getattr(g, "session_row", None)
    id_token = row.id_token if row is not None else None
    token = session.get(TOKEN_KEY)
    if token:
        services.end_session(token)
    logout_user()
    session.clear()
    return id_token


def restart_after_password_change(person: Person) -> None:
    """After a password change every old session has ended; keep this browser signed in."""
    row = getattr(g, "session_row", None)
    sign_in(person, bool(row and row.remember), row.id_token if row else None)
