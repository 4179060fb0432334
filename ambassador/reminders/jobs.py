"""Periodic reminder planning."""

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.reminders.digests import queue_digests, queue_summaries
from ambassador.reminders.sending import queue_due


def plan_reminders() -> int:
    """Queue the reminders whose 09:00 has come, and the digests and summaries in office hours."""
    now = utcnow()
    queued = queue_due(now) + queue_digests(now) + queue_summaries(now)
    db.session.commit()
    return queued
