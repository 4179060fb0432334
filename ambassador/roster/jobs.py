"""Periodic roster housekeeping."""

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.importing.uploads import purge_stale
from ambassador.roster.models import RosterUpload


def purge_stale_uploads() -> int:
    """Forget roster files that were previewed but never applied or discarded within a day.

    Applied imports stay: they are the record of what each import did.
    """
    deleted = purge_stale(RosterUpload, utcnow())
    db.session.commit()
    return deleted
