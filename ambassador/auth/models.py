"""Server-side sign-in sessions, failed sign-ins and password-reset tokens."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.org.models import Person


class UserSession(db.Model):
    """One signed-in browser; deleting the row ends that session for real.

    A company sign-in keeps the provider's ID token (`id_token`), sent back as the hint when the
    person signs out there too (RP-initiated logout); a password sign-in has none.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), index=True)
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    id_token: Mapped[str | None] = mapped_column(sa.Text)

    person: Mapped[Person] = relationship()


class LoginFailure(db.Model):
    """A failed sign-in, counted per account and per address across all workers."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(300))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.Index("ix_login_failure_key_at", "key", "at"),)


class PasswordResetToken(db.Model):
    """A single-use, expiring link to set a new password; only its hash is stored.

    `invitation` marks the link a new person is sent to choose their first password: it lasts
    longer (INVITATION_DAYS) and its page welcomes them; otherwise it works like any reset link.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    invitation: Mapped[bool] = mapped_column(default=False)


class KeptForm(db.Model):
    """What someone typed into a form as their session ended, kept until they sign in again.

    Only its browser can claim it (the token's hash is stored, the token is in that browser's
    cookie), only on the page it came from, once, and within a day.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    path: Mapped[str] = mapped_column(sa.String(500))
    data: Mapped[str] = mapped_column(sa.Text)  # JSON: {field name: [values]}
    created_at: Mapped[datetime] = mapped_column(index=True)
