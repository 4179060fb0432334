"""What workshops keep about a person: the workshops they attended and held."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.db import db
from ambassador.org.models import Office
from ambassador.personal import Column, Section
from ambassador.training.queries import module_titles
from ambassador.workshops.models import Attendee, Workshop

COLUMNS = (
    Column("held_on", _l("Day")),
    Column("office", _l("Office")),
    Column("module", _l("Module")),
)


def export(person) -> list[Section]:
    """Workshops the person attended, and those they held with how many attended."""
    titles = module_titles(person.locale)
    base = sa.select(Workshop.held_on, Office.name, Workshop.module_id).join(
        Office, Office.id == Workshop.office_id
    )
    attended = db.session.execute(
        base.join(Attendee, Attendee.workshop_id == Workshop.id)
        .where(Attendee.person_id == person.id)
        .order_by(Workshop.held_on)
    )
    attendees = sa.select(sa.func.count()).where(Attendee.workshop_id == Workshop.id).scalar_subquery()
    held = db.session.execute(
        base.add_columns(attendees).where(Workshop.held_by_id == person.id).order_by(Workshop.held_on)
    )

    def row(held_on, office, module_id) -> dict:
        """One workshop as a row."""
        return {
            "held_on": held_on,
            "office": office,
            "module": titles.get(module_id, ""),
            "module_id": module_id,
        }

    return [
        Section("workshops_attended", _l("Workshops you attended"), COLUMNS, [row(*r) for r in attended]),
        Section(
            "workshops_held",
            _l("Workshops you held"),
            (*COLUMNS, Column("attendees", _l("Attendees"))),
            [{**row(*r[:3]), "attendees": r[3]} for r in held],
        ),
    ]
