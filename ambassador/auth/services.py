"""Sign-in rules: passwords, throttling of failures, sessions and password resets."""

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from ambassador.audit.services import record
from ambassador.auth.models import LoginFailure, PasswordResetToken, UserSession
from ambassador.db import db
from ambassador.org.access import is_ambassador, is_staff
from ambassador.org.models import Person, Role

MIN_PASSWORD_LENGTH = 10


class SignInRefused(Exception):
    """Sign-in refused; `retry_minutes` is set when failures are being slowed down."""

    def __init__(self, retry_minutes: int = 0):
        super().__init__("sign-in refused")
        self.retry_minutes = retry_minutes


class PasswordsOff(SignInRefused):
    """The password was right, but passwords are for administrators only (PASSWORD_SIGNIN=off)."""


class ResetLinkInvalid(Exception):
    """The password-reset link is unknown, used, expired or for a deactivated person."""


def password_allowed(person: Person, admins_only: bool) -> bool:
    """Whether `person` may use a password: anyone, or with `admins_only` administrators alone.

    PASSWORD_SIGNIN=off leaves passwords to administrators: their way in when the provider is down.
    """
    return not admins_only or person.role == Role.ADMIN


@dataclass(frozen=True)
class Device:
    """A browser that signed in successfully before, to the accounts in `person_ids`.

    Known from a signed cookie; a sign-in from such a browser is throttled on its own, so that
    someone else's wrong guesses cannot lock the owner out.
    """

    id: str
    person_ids: tuple[int, ...]


@dataclass(frozen=True)
class ThrottlePolicy:
    """How many failures per account and per address a window allows."""

    per_account: int
    per_address: int
    window: timedelta

    @classmethod
    def from_config(cls, config) -> "ThrottlePolicy":
        """Read the policy from the app config."""
        return cls(
            per_account=config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
            per_address=config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
            window=timedelta(minutes=config["LOGIN_FAILURE_WINDOW_MINUTES"]),
        )


def hash_token(token: str) -> str:
    """Hash a bearer token for storage; the token itself is never stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    """Emails are compared trimmed and in lower case."""
    return email.strip().lower()


def hash_password(password: str) -> str:
    """Hash a password with the configured method (scrypt in production; tests use a fast one)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def set_password(person: Person, password: str) -> None:
    """Store a hash of `password`, never the password."""
    person.password_hash = hash_password(password)


@cache
def _dummy_hash(method: str) -> str:
    """A hash checked when the email is unknown, so that a miss costs as much time as a hit."""
    return generate_password_hash("not-a-real-password", method=method)


def _retry_minutes(key: str, limit: int, policy: ThrottlePolicy, now: datetime) -> int:
    """Minutes (rounded up) until `key` may try again, or 0 when it is under its limit."""
    since = now - policy.window
    recent = sa.select(LoginFailure.at).where(LoginFailure.key == key, LoginFailure.at > since)
    times = db.session.scalars(recent.order_by(LoginFailure.at.desc()).limit(limit)).all()
    if len(times) < limit:
        return 0
    free_at = times[-1] + policy.window
    return max(1, math.ceil((free_at - now).total_seconds() / 60))


def _throttle_keys(email: str, address: str, policy: ThrottlePolicy, device_key: str | None) -> dict:
    """The failure counters that decide a sign-in, each with its limit.

    A browser that signed in to this account before is judged by its own counter only: failures
    from elsewhere (someone guessing, a whole office behind one address) do not lock it out.
    """
    if device_key:
        return {device_key: policy.per_account}
    return {f"account:{email}": policy.per_account, f"address:{address}": policy.per_address}


def authenticate(
    email: str,
    password: str,
    address: str,
    policy: ThrottlePolicy,
    now: datetime,
    device: Device | None = None,
    admins_only: bool = False,
) -> Person:
    """Return the active person with these credentials, or raise SignInRefused.

    Failures are counted per account and per address in the database, so the limit holds
    across every worker process; a trusted device (`Device`) has a counter of its own. The same
    refusal is given whether or not the email exists. With `admins_only` (PASSWORD_SIGNIN=off) a
    right password of anyone else is refused with PasswordsOff, which tells them to use company sign-in.
    """
    email = normalise_email(email)
    person = db.session.scalar(sa.select(Person).where(Person.email == email))
    trusted = device is not None and person is not None and person.id in device.person_ids
    device_key = f"device:{device.id}:{person.id}" if trusted else None
    keys = _throttle_keys(email, address, policy, device_key)
    wait = max(_retry_minutes(key, limit, policy, now) for key, limit in keys.items())
    if wait:
        raise SignInRefused(retry_minutes=wait)
    stored = person.password_hash if person is not None and person.password_hash else None
    method = current_app.config["PASSWORD_HASH_METHOD"]
    ok = check_password_hash(stored or _dummy_hash(method), password) and stored is not None
    if not ok or not person.active:
        counted = {f"account:{email}", f"address:{address}", *keys}
        db.session.add_all(LoginFailure(key=key, at=now) for key in sorted(counted))
        raise SignInRefused()
    if not password_allowed(person, admins_only):
        raise PasswordsOff()
    # A success clears only the counter that judged it: the owner signing in on a known browser
    # must not give a stranger a fresh set of guesses.
    cleared = device_key or f"account:{email}"
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.key == cleared))
    person.last_login_at = now
    record_sign_in(person, now)
    return person


def record_sign_in(person: Person, now: datetime) -> None:
    """Audit the sign-in of someone who can change things (staff and ambassadors), not of every employee.

    An employee's sign-in changes nothing but their own training; 100,000 of them would bury the
    changes the log is for.
    """
    if is_staff(person) or is_ambassador(person):
        record(person, "auth.signed_in", person.email, now)


def start_session(
    person: Person, remember: bool, lifetime: timedelta, now: datetime, id_token: str | None = None
) -> str:
    """Create a server-side session and return the token for the cookie.

    `id_token` is the provider's ID token after a company sign-in, kept for signing out there too.
    """
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            token_hash=hash_token(token),
            person_id=person.id,
            remember=remember,
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
            id_token=id_token,
        )
    )
    return token


def find_session(token: str, now: datetime) -> UserSession | None:
    """The live session for a cookie token (its person loaded in the same statement), or None."""
    row = db.session.scalar(_session_by_hash(), {"token_hash": hash_token(token)})
    if row is None or row.expires_at <= now:
        return None
    return row


@cache
def _session_by_hash() -> sa.Select:
    """The session row with its person, by `token_hash`: built once, as every signed-in request runs it
    (building it and its cache key took SQLAlchemy longer than the database took to answer)."""
    query = sa.select(UserSession).where(UserSession.token_hash == sa.bindparam("token_hash"))
    return query.options(joinedload(UserSession.person, innerjoin=True))


def end_session(token: str) -> None:
    """End the session behind a cookie token."""
    db.session.execute(sa.delete(UserSession).where(UserSession.token_hash == hash_token(token)))


def end_sessions(person_ids: list[int]) -> None:
    """End every session of these people (deactivation, password change or reset)."""
    db.session.execute(sa.delete(UserSession).where(UserSession.person_id.in_(person_ids)))


def end_all_sessions(person: Person) -> None:
    """End every session of one person."""
    end_sessions([person.id])


def spend_reset_links(person: Person, now: datetime) -> None:
    """Mark every open reset link of `person` as used: after any password change none works."""
    db.session.execute(
        sa.update(PasswordResetToken)
        .where(PasswordResetToken.person_id == person.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
    )


def change_password(person: Person, current: str, new: str, now: datetime) -> None:
    """Set a new password after checking the current one.

    Every session of the person ends and every open reset link is spent.
    """
    if not person.password_hash or not check_password_hash(person.password_hash, current):
        raise SignInRefused()
    set_password(person, new)
    spend_reset_links(person, now)
    end_all_sessions(person)


MAX_RESETS_PER_HOUR = 3
# Stands in for a person id when the email belongs to nobody; ids start at 1.
_NOBODY = 0


def create_reset_token(
    email: str, lifetime: timedelta, now: datetime, admins_only: bool = False
) -> tuple[Person, str] | None:
    """Make a reset token for an active person with this email; None when there is none.

    With `admins_only` (PASSWORD_SIGNIN=off) only administrators get one; the answer looks the same.

    At most three links an hour go to one person, so nobody can flood a colleague's inbox (an
    invitation does not count: a new person may ask for a link at once).
    An unknown email costs the same work (the same queries, a token made and hashed), so the
    answer's timing does not tell whether an account exists.
    """
    person = db.session.scalar(sa.select(Person).where(Person.email == normalise_email(email)))
    known = person is not None and person.active and password_allowed(person, admins_only)
    recent = sa.select(sa.func.count()).where(
        PasswordResetToken.person_id == (person.id if known else _NOBODY),
        PasswordResetToken.created_at > now - timedelta(hours=1),
        PasswordResetToken.invitation.is_(False),
    )
    too_many = db.session.scalar(recent) >= MAX_RESETS_PER_HOUR
    token = secrets.token_urlsafe(32)
    token_hash = hash_token(token)
    if not known or too_many:
        return None
    expires_at = now + lifetime
    db.session.add(
        PasswordResetToken(token_hash=token_hash, person_id=person.id, created_at=now, expires_at=expires_at)
    )
    return person, token


def _usable_reset(token: str, now: datetime, admins_only: bool = False) -> PasswordResetToken:
    """The unused, unexpired reset row for `token`, or raise ResetLinkInvalid.

    With `admins_only` (PASSWORD_SIGNIN=off) a link of anyone but an administrator raises PasswordsOff.
    """
    row = db.session.scalar(
        sa.select(PasswordResetToken).where(PasswordResetToken.token_hash == hash_token(token))
    )
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise ResetLinkInvalid()
    person = db.session.get(Person, row.person_id)
    if person is None or not person.active:
        raise ResetLinkInvalid()
    if not password_allowed(person, admins_only):
        raise PasswordsOff()
    return row


def check_reset_token(token: str, now: datetime, admins_only: bool = False) -> PasswordResetToken:
    """The link, when it can still be used (is it an invitation?); else raise ResetLinkInvalid."""
    return _usable_reset(token, now, admins_only)


def reset_password(token: str, new_password: str, now: datetime, admins_only: bool = False) -> Person:
    """Use a reset link once: set the password, spend every open link, end every session."""
    row = _usable_reset(token, now, admins_only)
    person = db.session.get(Person, row.person_id)
    set_password(person, new_password)
    spend_reset_links(person, now)
    end_all_sessions(person)
    return person


def purge_expired(now: datetime, failure_window: timedelta) -> int:
    """Delete expired sessions, spent reset links and old failures; return rows deleted."""
    deleted = 0
    for stmt in (
        sa.delete(UserSession).where(UserSession.expires_at <= now),
        sa.delete(PasswordResetToken).where(PasswordResetToken.expires_at <= now - timedelta(days=1)),
        sa.delete(LoginFailure).where(LoginFailure.at <= now - failure_window),
    ):
        deleted += db.session.execute(stmt).rowcount or 0
    return deleted
