"""The coverage snapshot, taken every hour (and at once when the scheduler starts)."""

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.reports import snapshots


def take_snapshot() -> int:
    """Replace today's snapshot with the figures now; how many (office, module) rows."""
    rows = snapshots.take(utcnow())
    db.session.commit()
    return rows
