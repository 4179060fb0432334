"""The audit log: who changed what, and when; append-only (see `audit/guard.py`)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ambassador.clock import utcnow
from ambassador.db import db


class AuditEvent(db.Model):
    """One change of state made by a person or by the system.

    `changes` holds what changed, field by field, as {field: [old, new]} (None where a side has
    no value: a creation's old values); `subject_id` is the person the change is about, if any.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    summary: Mapped[str] = mapped_column(sa.String(500))
    subject_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    changes: Mapped[dict | None] = mapped_column(sa.JSON(none_as_null=True))

    # The log is read newest first, a page at a time: (at, id) is its order.
    __table_args__ = (sa.Index("ix_audit_event_at_id", "at", "id"),)

    # "Person" is resolved by name, so the audit trail (the bottom layer) imports nothing above it.
    actor = relationship("Person", foreign_keys=[actor_id], lazy="raise")


class AuditQuota(db.Model):
    """One row per kind of event and clock hour in which one was written (`services.record_once_an_hour`).

    For events anyone can cause without signing in (a forged company sign-in callback): the
    primary key lets exactly one request an hour write its event, however many run at once.
    """

    key: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(primary_key=True)
