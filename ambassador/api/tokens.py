"""Creating, revoking and checking API tokens. Services flush; the caller commits.

A token is `secrets.token_urlsafe(32)` (256 random bits), shown once; the database keeps only its
SHA-256, so a lookup by hash is as good as a constant-time compare and a leaked table opens nothing.
"""

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.api.models import ApiToken
from ambassador.audit.services import record
from ambassador.db import db
from ambassador.errors import UserError
from ambassador.text import CONTROL_MESSAGE, has_control_characters

NAME_LENGTH = 80
# Record the last use at most once a minute, not on every call.
TOUCH_INTERVAL = timedelta(minutes=1)


class TokenError(UserError):
    """A token change the rules refuse."""


def token_hash(token: str) -> str:
    """The hex SHA-256 of a token, as stored."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def active_tokens_first() -> list[ApiToken]:
    """Every token, working ones first, newest first."""
    query = sa.select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())
    return list(db.session.scalars(query))


def _check_name(name: str) -> str:
    """The name trimmed, or a TokenError saying what is wrong with it."""
    name = (name or "").strip()
    if not name:
        raise TokenError(_l("Give the token a name."), "name")
    if len(name) > NAME_LENGTH:
        raise TokenError(_l("Use at most %(n)s characters.", n=NAME_LENGTH), "name")
    if has_control_characters(name):
        raise TokenError(CONTROL_MESSAGE, "name")
    if db.session.scalar(sa.select(ApiToken.id).where(ApiToken.name == name)):
        raise TokenError(
            _l("There is already a token named “%(name)s”: choose another name.", name=name), "name"
        )
    return name


def create(name: str, *, actor, now: datetime) -> tuple[ApiToken, str]:
    """A new token named `name`; returns the row and the token itself (to show once)."""
    name = _check_name(name)
    token = secrets.token_urlsafe(32)
    row = ApiToken(name=name, token_hash=token_hash(token), created_by=actor, created_at=now)
    db.session.add(row)
    db.session.flush()
    record(actor, "api.token_created", f"API token “{name}”", now, changes={"name": [None, name]})
    return row, token


def revoke(row: ApiToken, *, actor, now: datetime) -> None:
    """Stop a token working from now on; revoking a revoked token changes nothing."""
    if row.revoked_at is not None:
        return
    row.revoked_at = now
    db.session.flush()
    record(actor, "api.token_revoked", f"API token “{row.name}”", now, changes={"revoked": [False, True]})


def by_name(name: str) -> ApiToken | None:
    """The token named `name`, if any."""
    return db.session.scalar(sa.select(ApiToken).where(ApiToken.name == name))


@cache
def _working_by_hash() -> sa.Select:
    """The token not revoked, by `token_hash`: built once, as every API call runs it."""
    return sa.select(ApiToken).where(
        ApiToken.token_hash == sa.bindparam("token_hash"), ApiToken.revoked_at.is_(None)
    )


def authenticate(token: str, now: datetime) -> ApiToken | None:
    """The working token whose hash matches, its last use noted (at most once a minute); else None."""
    row = db.session.scalar(_working_by_hash(), {"token_hash": token_hash(token)})
    if row is not None and (row.last_used_at is None or now - row.last_used_at >= TOUCH_INTERVAL):
        row.last_used_at = now
        db.session.flush()
    return row
