"""Reads of roster imports for the pages."""

import sqlalchemy as sa

from ambassador.db import db
from ambassador.importing.uploads import applied_imports
from ambassador.org.models import Person
from ambassador.roster.models import RosterUpload

RECENT = 10


def applied_import(token: str) -> sa.Row | None:
    """One applied import: file name, kind, when, who ran it and what it did."""
    query = applied_imports(RosterUpload, Person, RosterUpload.full).where(RosterUpload.token == token)
    return db.session.execute(query).first()


def recent_imports(limit: int = RECENT) -> list[sa.Row]:
    """The latest applied imports, for the upload page."""
    return db.session.execute(applied_imports(RosterUpload, Person, RosterUpload.full).limit(limit)).all()
