"""A module's reminder plan."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.training.models import Module

# The plan a module starts with; the plan's columns and the settings form read it.
PLAN_DEFAULTS = {
    "window_opens": True,  # when the refresher window opens
    "days_before": 7,  # this many days before the due date (None: not sent)
    "on_due_date": True,
    "overdue_every": 7,  # then every this many days while overdue ...
    "overdue_max": 4,  # ... at most this many times
}


class ReminderPlan(db.Model):
    """When a module's learners are reminded. A module without a row follows PLAN_DEFAULTS.

    `starts_at` is when the plan (or its last change) took effect: rules apply forward from it.
    """

    module_id: Mapped[int] = mapped_column(sa.ForeignKey("module.id", ondelete="CASCADE"), primary_key=True)
    window_opens: Mapped[bool] = mapped_column(default=PLAN_DEFAULTS["window_opens"])
    days_before: Mapped[int | None]  # no column default: None means "not sent", the ORM keeps it
    on_due_date: Mapped[bool] = mapped_column(default=PLAN_DEFAULTS["on_due_date"])
    overdue_every: Mapped[int] = mapped_column(default=PLAN_DEFAULTS["overdue_every"])
    overdue_max: Mapped[int] = mapped_column(default=PLAN_DEFAULTS["overdue_max"])
    starts_at: Mapped[datetime] = mapped_column(default=utcnow)

    module: Mapped[Module] = relationship()


class Nudge(db.Model):
    """A friendly reminder an ambassador (or coordinator) sent one person about one module.

    At most one per person and module in any 7 days (`reminders.nudges`), so a nudge never
    becomes spam; the office page shows when each person was last nudged.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("module.id", ondelete="CASCADE"))
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"))
    at: Mapped[datetime]

    __table_args__ = (sa.Index("ix_nudge_person_id_module_id_at", "person_id", "module_id", "at"),)


class ReminderMark(db.Model):
    """How far planning has got with one person's reminders for one module, so it need not look again.

    Written with each planned reminder (`reminders.sending.queue_due`): its module's rules and
    what the person's due date was worked out from, and `next_at`, when the next step's 09:00
    comes (None: no step left). Until then, and while none of it changes, planning would find the
    reminder it already queued, so it leaves the pair out in SQL (`planning.waiting_for`). Only a
    shortcut: the outbox's unique keys still make each reminder go once.
    """

    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("module.id", ondelete="CASCADE"), primary_key=True)
    rules: Mapped[str] = mapped_column(sa.String(64))  # `planning.rules_mark` of the module then
    completion_id: Mapped[int | None]  # the standing's completion then (None: never done)
    expires_at: Mapped[datetime | None]
    start_date: Mapped[date | None]  # the person's, for a due date counted from it
    timezone: Mapped[str] = mapped_column(sa.String(64))  # their office's
    next_at: Mapped[datetime | None]
