"""The outbox: every email the application sends, as one durable row from queueing to delivery."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ambassador.clock import utcnow
from ambassador.db import db


class State(StrEnum):
    """Where a message is on its way: queued → sending → sent, else failed or dropped."""

    QUEUED = "queued"  # waiting for its next try (the first, or a retry)
    SENDING = "sending"  # claimed by a delivery worker until `lease_until`
    SENT = "sent"
    FAILED = "failed"  # refused for good, or out of tries; an administrator may retry it
    DROPPED = "dropped"  # no longer wanted when its turn came (e.g. the person completed)


class OutboxMessage(db.Model):
    """One email, rendered when it was queued, in the recipient's language.

    `key` is unique: queueing the same message twice (a double click, two planners) is a no-op.
    `message_id` is the stable Message-ID header, so a rare re-send after a crash is recognisable.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(40), index=True)
    state: Mapped[str] = mapped_column(sa.String(16), default=State.QUEUED)
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"), index=True)
    to_address: Mapped[str] = mapped_column(sa.String(254))
    to_name: Mapped[str] = mapped_column(sa.String(200), default="")
    language: Mapped[str] = mapped_column(sa.String(8))
    subject: Mapped[str] = mapped_column(sa.String(300))
    text_body: Mapped[str] = mapped_column(sa.Text)
    html_body: Mapped[str | None] = mapped_column(sa.Text)
    message_id: Mapped[str] = mapped_column(sa.String(250), unique=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_try_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    lease_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(sa.String(32))
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    # Delivery looks for due rows by state and time; the page filters by state.
    # In the order delivery claims (delivery.claim): a claim reads its batch, not everything due.
    __table_args__ = (sa.Index("ix_outbox_message_state_next_try_at_id", "state", "next_try_at", "id"),)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} {self.state}>"


@dataclass(frozen=True)
class Outgoing:
    """A claimed message as delivery sends it, with no tie to a database session."""

    id: int
    key: str
    kind: str
    person_id: int | None
    to_address: str
    to_name: str
    subject: str
    text_body: str
    html_body: str | None
    message_id: str
    attempts: int  # including the try under way
