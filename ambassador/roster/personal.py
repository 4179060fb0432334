"""What the roster import keeps about a person: the files they imported, and the records that list them."""

from datetime import datetime

from flask_babel import lazy_gettext as _l

from ambassador.importing import uploads
from ambassador.personal import Erasure, Section
from ambassador.roster.models import RosterUpload


def export(person) -> list[Section]:
    """The roster files the person imported."""
    return [uploads.uploaded_by(RosterUpload, person.id, "roster_imports", _l("Roster files you imported"))]


def erase(erasures: list[Erasure], now: datetime) -> None:
    """Files waiting for an apply that list the people are forgotten; applied records name the pseudonyms."""
    uploads.erase_people(RosterUpload, erasures)
