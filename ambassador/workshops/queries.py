"""Reads for the workshop pages and the coordinator's ambassador activity."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ambassador.db import db
from ambassador.org.models import Office, Person
from ambassador.workshops.models import Attendee, Workshop


def office_people(office_id: int) -> list[tuple[int, str]]:
    """The active people of an office, by name, each with their email (two may share a name)."""
    query = sa.select(Person.id, Person.name, Person.email).where(
        Person.office_id == office_id, Person.active.is_(True)
    )
    rows = db.session.execute(query.order_by(Person.name, Person.id))
    return [(person_id, f"{name} ({email})") for person_id, name, email in rows]


def workshops_in(office_ids, since: datetime | None = None) -> list[Workshop]:
    """The workshops held in these offices, newest first, with their attendees."""
    query = sa.select(Workshop).where(Workshop.office_id.in_(list(office_ids)))
    if since is not None:
        query = query.where(Workshop.recorded_at >= since)
    query = query.options(selectinload(Workshop.attendees)).order_by(
        Workshop.held_on.desc(), Workshop.id.desc()
    )
    return list(db.session.scalars(query))


def activity(now: datetime, days: int = 365) -> list[sa.Row]:
    """Per ambassador and office: workshops held and people reached in the last `days` (one statement)."""
    since = (now - timedelta(days=days)).date()
    reached = sa.func.count(sa.distinct(Attendee.person_id))
    query = (
        sa.select(
            Person.id.label("person_id"),
            Person.name.label("ambassador"),
            Office.id.label("office_id"),
            Office.name.label("office"),
            sa.func.count(sa.distinct(Workshop.id)).label("workshops"),
            reached.label("reached"),
        )
        .select_from(Workshop)
        .join(Office, Office.id == Workshop.office_id)
        .outerjoin(Person, Person.id == Workshop.held_by_id)
        .outerjoin(Attendee, Attendee.workshop_id == Workshop.id)
        .where(Workshop.held_on >= since)
        .group_by(Person.id, Person.name, Office.id, Office.name)
        .order_by(reached.desc(), Office.name)
    )
    return db.session.execute(query).all()
