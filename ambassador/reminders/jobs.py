"""Periodic reminder planning."""

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.reminders.sending import queue_due


def plan_reminders() -> int:
    """Queue the reminders whose 09:00 has come in their office; the outbox delivers them."""
    queued = queue_due(utcnow())
    db.session.commit()
    return queued
