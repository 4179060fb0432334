"""Files between upload and apply: stored, previewed, applied once, or discarded.

Rules:
- An upload is addressed by a random token that is never handed out again, so a page left open
  after a discard can never reach another person's file.
- Applying names the file that was previewed by its SHA-256 digest; any other file is refused.
- An upload is applied at most once. The first apply claims it with a conditional UPDATE, which
  holds the row lock on PostgreSQL and the write lock on SQLite until the commit; an apply at
  the same moment waits, then finds it applied.
- Only the person who uploaded a file previews, applies or discards it. An applied import is
  kept as a record without the file (`summary` says what it did), for everyone who may import.
- A file previewed but neither applied nor discarded is forgotten after a day (`purge_stale`).

Each import has its own table (a model with `UploadMixin`) and passes it to these functions.
"""

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.errors import UserError
from ambassador.personal import Column, Erasure, Mentions, Section, rows_of, scrub_columns

KEEP_PENDING = timedelta(days=1)
RECENT = 10  # applied imports listed on the upload page


def new_token() -> str:
    """A random address for an upload; unlike an integer id it is never handed out twice."""
    return secrets.token_hex(16)


def content_digest(context) -> str:
    """The SHA-256 of the file being inserted (a column default)."""
    return hashlib.sha256(context.get_current_parameters()["content"]).hexdigest()


class UploadMixin:
    """An uploaded file: waiting for its uploader's confirmation, then a record of the import.

    The file is kept in the database so any worker can apply it after the preview. Once
    applied, the file itself is dropped and `summary` keeps what the import did.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(32), unique=True, default=new_token)
    filename: Mapped[str] = mapped_column(sa.String(255))
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    sha256: Mapped[str] = mapped_column(sa.String(64), default=content_digest)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(index=True)
    summary: Mapped[dict | None] = mapped_column(sa.JSON)  # counts and the first rows, set by the import


class UploadError(UserError):
    """An apply or discard that cannot go ahead; nothing was changed."""


class AlreadyApplied(UploadError):
    """The upload was applied before (perhaps a moment ago, from another tab)."""


class UploadGone(UploadError):
    """The upload was discarded or forgotten; its token leads nowhere."""


class NotClean(UploadError):
    """The file has bad rows or other problems, so it is not applied."""

    def __init__(self):
        super().__init__(_l("The import has problems and was not applied."))


def store(model, filename: str, data: bytes, *, actor, now: datetime, **values):
    """Keep a file for its preview (the caller has checked that it can be read)."""
    upload = model(filename=filename[:255], content=data, uploaded_by_id=actor.id, created_at=now, **values)
    db.session.add(upload)
    db.session.flush()
    return upload


def find(model, token: str):
    """The upload at `token`, read afresh from the database, or None."""
    query = sa.select(model).where(model.token == token)
    return db.session.scalar(query.execution_options(populate_existing=True))


def _claim(model, token: str, digest: str, actor, now: datetime):
    """Mark the upload applied, or raise why it cannot be; waits for an apply in progress."""
    claimed = db.session.execute(
        sa.update(model)
        .where(
            model.token == token,
            model.uploaded_by_id == actor.id,
            model.applied_at.is_(None),
            model.sha256 == digest,
        )
        .values(applied_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    upload = find(model, token)
    if claimed == 1:
        return upload
    if upload is not None and upload.applied_at is not None:
        raise AlreadyApplied(_l("This import has already been applied; it was not applied again."))
    if upload is None or upload.uploaded_by_id != actor.id:
        raise UploadGone(_l("This import was discarded or has expired, so nothing was applied."))
    raise UploadError(
        _l("The file is not the one this preview showed, so nothing was applied. Check the preview again.")
    )


def apply_once(model, token: str, digest: str, *, actor, now: datetime, apply: Callable[[object], dict]):
    """Claim the previewed file, `apply(upload)` it and keep the summary it returns; the caller commits.

    `apply` raises NotClean (or another UploadError) to refuse; the caller then rolls back, which
    undoes the claim, so nothing was written.
    """
    upload = _claim(model, token, digest, actor, now)
    upload.summary = apply(upload)
    upload.content = b""
    return upload


def discard(model, token: str, *, actor) -> str | None:
    """Throw away a file waiting for its apply; its name, or None when there was none to discard.

    An applied import cannot be discarded.
    """
    filename = db.session.scalar(
        sa.delete(model)
        .where(model.token == token, model.uploaded_by_id == actor.id, model.applied_at.is_(None))
        .returning(model.filename)
    )
    upload = find(model, token) if filename is None else None
    if upload is not None and upload.applied_at is not None:
        raise AlreadyApplied(_l("This import has already been applied, so it cannot be discarded."))
    return filename


def purge_stale(model, now: datetime, keep: timedelta = KEEP_PENDING) -> int:
    """Forget files previewed but neither applied nor discarded within `keep`; applied records stay."""
    stale = sa.delete(model).where(model.created_at < now - keep, model.applied_at.is_(None))
    return db.session.execute(stale).rowcount or 0


def _applied(model, person, columns) -> sa.Select:
    """Applied imports with the name of who ran each (`person` is the people model), newest first."""
    return (
        sa.select(
            model.token,
            model.filename,
            model.applied_at,
            model.summary,
            person.name.label("runner"),
            *columns,
        )
        .outerjoin(person, person.id == model.uploaded_by_id)
        .where(model.applied_at.is_not(None))
        .order_by(model.applied_at.desc(), model.id.desc())
    )


def applied_import(model, person, token: str, *columns) -> sa.Row | None:
    """One applied import: file name, when, who ran it, what it did, and the model's `columns`."""
    return db.session.execute(_applied(model, person, columns).where(model.token == token)).first()


def recent_imports(model, person, *columns, limit: int = RECENT) -> list[sa.Row]:
    """The latest applied imports, for the upload page."""
    return db.session.execute(_applied(model, person, columns).limit(limit)).all()


UPLOADED = (
    Column("filename", _l("File")),
    Column("uploaded_at", _l("Uploaded")),
    Column("applied_at", _l("Applied")),
)


def uploaded_by(model, person_id: int, key: str, title) -> Section:
    """The imports a person uploaded (file names and when), as a section of their own data."""
    query = (
        sa.select(model.filename, model.created_at.label("uploaded_at"), model.applied_at)
        .where(model.uploaded_by_id == person_id)
        .order_by(model.created_at, model.id)
    )
    return Section(key, title, UPLOADED, rows_of(query))


def _text_of(content: bytes) -> str:
    """A stored file as text whatever its encoding (the imports read UTF-8 or Windows-1252)."""
    return content.decode("utf-8", errors="replace") + "\n" + content.decode("cp1252", errors="replace")


def erase_people(model, erasures: list[Erasure]) -> None:
    """Forget waiting files that list the people; applied imports' records name the pseudonyms instead."""
    mentions = Mentions(erasures)
    pending = db.session.execute(sa.select(model.id, model.content).where(model.applied_at.is_(None)))
    listing = [upload_id for upload_id, content in pending if mentions.found_in(_text_of(content or b""))]
    if listing:
        db.session.execute(sa.delete(model).where(model.id.in_(listing)))
    scrub_columns(model, [model.filename], erasures)
    applied = db.session.execute(sa.select(model.id, model.summary).where(model.summary.is_not(None)))
    changes = []
    for upload_id, summary in applied:
        cleaned = mentions.scrub_json(summary)
        if cleaned != summary:
            changes.append({"id": upload_id, "summary": cleaned})
    if changes:
        db.session.execute(sa.update(model), changes)
