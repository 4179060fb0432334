"""Recording audit events."""

from datetime import datetime

from ambassador.audit.models import AuditEvent
from ambassador.db import db

SUMMARY_LENGTH = 500  # the column's size


def record(actor, action: str, summary: str, now: datetime) -> AuditEvent:
    """Add an audit event for `actor` (a Person, or None for the system); the caller commits."""
    if len(summary) > SUMMARY_LENGTH:
        summary = summary[: SUMMARY_LENGTH - 1] + "…"
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None, action=action, summary=summary, at=now
    )
    db.session.add(event)
    return event
