"""Reads of roster imports for the pages."""

import sqlalchemy as sa

from ambassador.importing import uploads
from ambassador.org.models import Person
from ambassador.roster.models import RosterUpload


def applied_import(token: str) -> sa.Row | None:
    """One applied import: file name, kind, when, who ran it and what it did."""
    return uploads.applied_import(RosterUpload, Person, token, RosterUpload.full)


def recent_imports() -> list[sa.Row]:
    """The latest applied imports, for the upload page."""
    return uploads.recent_imports(RosterUpload, Person, RosterUpload.full)
