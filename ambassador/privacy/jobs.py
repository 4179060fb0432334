"""The nightly retention job: leavers deactivated longer than RETENTION_MONTHS are erased."""

from flask import current_app

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.privacy import queries, services

BATCH = 50  # people erased per transaction


def erase_leavers() -> int:
    """Erase every leaver due (RETENTION_MONTHS; 0 turns it off), 50 a transaction; how many."""
    months = current_app.config["RETENTION_MONTHS"]
    if not months:
        return 0
    now, erased = utcnow(), 0
    reason = services.retention_reason(months)
    while ids := queries.due_ids(now, months, BATCH):
        erased += len(services.erase_people(ids, actor=None, now=now, reason=reason))
        db.session.commit()
    return erased
