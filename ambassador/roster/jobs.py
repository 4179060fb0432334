"""Periodic roster housekeeping."""

from datetime import timedelta

import sqlalchemy as sa

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.roster.models import RosterUpload

KEEP_UPLOADS = timedelta(days=1)


def purge_stale_uploads() -> int:
    """Forget roster files that were previewed but never applied or discarded within a day.

    Applied imports stay: they are the record of what each import did.
    """
    stale = sa.delete(RosterUpload).where(
        RosterUpload.created_at < utcnow() - KEEP_UPLOADS, RosterUpload.applied_at.is_(None)
    )
    deleted = db.session.execute(stale).rowcount
    db.session.commit()
    return deleted or 0
