"""API tokens: only a SHA-256 of each token is stored; the token itself is shown once."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ambassador.db import db
from ambassador.org.models import Person


class ApiToken(db.Model):
    """A named bearer token for the API, created and revoked by a coordinator.

    `token_hash` is the hex SHA-256 of the token: a copy of the database gives no working token.
    A revoked token keeps its row (and name) for the record and stops working at once.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    created_by: Mapped[Person | None] = relationship()

    @property
    def active(self) -> bool:
        """Whether the token still works."""
        return self.revoked_at is None
