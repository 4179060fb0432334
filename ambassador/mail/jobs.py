"""The outbox's periodic jobs: deliver what is due, purge what was sent long ago."""

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.mail import delivery, services


def deliver_outbox() -> str:
    """Send every due message (every minute; any number of workers may run beside it)."""
    return str(delivery.deliver())


def purge_outbox() -> int:
    """Delete sent and dropped messages older than 90 days."""
    deleted = services.purge_finished(utcnow())
    db.session.commit()
    return deleted
