"""Reads of roster imports for the pages."""

import sqlalchemy as sa

from ambassador.db import db
from ambassador.org.models import Person
from ambassador.roster.models import RosterUpload

RECENT = 10


def _imports() -> sa.Select:
    """Applied imports with the name of who ran each, newest first."""
    return (
        sa.select(
            RosterUpload.token,
            RosterUpload.filename,
            RosterUpload.full,
            RosterUpload.applied_at,
            RosterUpload.summary,
            Person.name.label("runner"),
        )
        .outerjoin(Person, Person.id == RosterUpload.uploaded_by_id)
        .where(RosterUpload.applied_at.is_not(None))
        .order_by(RosterUpload.applied_at.desc(), RosterUpload.id.desc())
    )


def applied_import(token: str) -> sa.Row | None:
    """One applied import: file name, kind, when, who ran it and what it did."""
    return db.session.execute(_imports().where(RosterUpload.token == token)).first()


def recent_imports(limit: int = RECENT) -> list[sa.Row]:
    """The latest applied imports, for the upload page."""
    return db.session.execute(_imports().limit(limit)).all()
