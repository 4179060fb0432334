"""Roster files between upload and apply: stored, previewed, applied once, or discarded.

Rules:
- An upload is addressed by a random token that is never handed out again, so a page left open
  after a discard can never reach another administrator's file.
- Applying names the file that was previewed by its SHA-256 digest; any other file is refused.
- An upload is applied at most once. The first apply claims it with a conditional UPDATE, which
  holds the row lock on PostgreSQL and the write lock on SQLite until the commit; an apply at
  the same moment waits, then finds it applied.
- Only the administrator who uploaded a file previews, applies or discards it. An applied
  import is kept as a record without the file (`summary` says what it did), for every
  administrator to read.
"""

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.db import db
from ambassador.errors import UserError
from ambassador.org.models import Person
from ambassador.roster.models import RosterUpload
from ambassador.roster.services import apply_import, parse, plan_import, summarise


class UploadError(UserError):
    """An apply or discard that cannot go ahead; nothing was changed."""


class AlreadyApplied(UploadError):
    """The upload was applied before (perhaps a moment ago, from another tab)."""


class UploadGone(UploadError):
    """The upload was discarded or forgotten; its token leads nowhere."""


def store(filename: str, data: bytes, *, full: bool, actor: Person, now: datetime) -> RosterUpload:
    """Keep a readable roster file for its preview; raise RosterFileError when it cannot be read."""
    parse(data)
    upload = RosterUpload(
        filename=filename[:255], content=data, full=full, uploaded_by_id=actor.id, created_at=now
    )
    db.session.add(upload)
    db.session.flush()
    return upload


def find(token: str) -> RosterUpload | None:
    """The upload at `token`, read afresh from the database, or None."""
    query = sa.select(RosterUpload).where(RosterUpload.token == token)
    return db.session.scalar(query.execution_options(populate_existing=True))


def _claim(token: str, digest: str, actor: Person, now: datetime) -> RosterUpload:
    """Mark the upload applied, or raise why it cannot be; waits for an apply in progress."""
    claimed = db.session.execute(
        sa.update(RosterUpload)
        .where(
            RosterUpload.token == token,
            RosterUpload.uploaded_by_id == actor.id,
            RosterUpload.applied_at.is_(None),
            RosterUpload.sha256 == digest,
        )
        .values(applied_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    upload = find(token)
    if claimed == 1:
        return upload
    if upload is not None and upload.applied_at is not None:
        raise AlreadyApplied(_l("This import has already been applied; it was not applied again."))
    if upload is None or upload.uploaded_by_id != actor.id:
        raise UploadGone(_l("This import was discarded or has expired, so nothing was applied."))
    raise UploadError(
        _l("The file is not the one this preview showed, so nothing was applied. Check the preview again.")
    )


def apply_upload(
    token: str, digest: str, *, actor: Person, now: datetime, languages: Iterable[str]
) -> RosterUpload:
    """Apply a previewed file once, all or nothing, and keep a record; the caller commits.

    On an UploadError the caller rolls back: the claim is undone and nothing was written.
    """
    upload = _claim(token, digest, actor, now)
    plan = plan_import(upload.content, full=upload.full, actor_id=actor.id, languages=languages)
    if not plan.ok:
        raise UploadError(_l("The import has problems and was not applied."))
    apply_import(plan, actor=actor, filename=upload.filename, now=now)
    upload.summary = summarise(plan)
    upload.content = b""
    return upload


def discard(token: str, *, actor: Person) -> None:
    """Throw away a file waiting for its apply; an applied import cannot be discarded."""
    deleted = db.session.execute(
        sa.delete(RosterUpload).where(
            RosterUpload.token == token,
            RosterUpload.uploaded_by_id == actor.id,
            RosterUpload.applied_at.is_(None),
        )
    ).rowcount
    upload = find(token) if not deleted else None
    if upload is not None and upload.applied_at is not None:
        raise AlreadyApplied(_l("This import has already been applied, so it cannot be discarded."))
