"""An uploaded roster file: waiting for the administrator's confirmation, then a record of the import."""

import hashlib
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ambassador.clock import utcnow
from ambassador.db import db


def new_token() -> str:
    """A random address for an upload; unlike an integer id it is never handed out twice."""
    return secrets.token_hex(16)


def content_digest(context) -> str:
    """The SHA-256 of the file being inserted (a column default)."""
    return hashlib.sha256(context.get_current_parameters()["content"]).hexdigest()


class RosterUpload(db.Model):
    """The file is kept in the database so any worker can apply it after the preview.

    Once applied, the file itself is dropped and `summary` keeps what the import did.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(32), unique=True, default=new_token)
    filename: Mapped[str] = mapped_column(sa.String(255))
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    sha256: Mapped[str] = mapped_column(sa.String(64), default=content_digest)
    full: Mapped[bool] = mapped_column(default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(index=True)
    summary: Mapped[dict | None] = mapped_column(sa.JSON)  # counts and the first rows, see services.summarise
