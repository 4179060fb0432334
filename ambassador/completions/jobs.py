"""Periodic housekeeping of past completion imports."""

from ambassador.clock import utcnow
from ambassador.completions.models import CompletionUpload
from ambassador.db import db
from ambassador.importing.uploads import purge_stale


def purge_stale_completion_uploads() -> int:
    """Forget files of past completions previewed but never applied or discarded within a day.

    Applied imports stay: they are the record of what each import did.
    """
    deleted = purge_stale(CompletionUpload, utcnow())
    db.session.commit()
    return deleted
