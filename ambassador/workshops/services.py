"""Recording, correcting and withdrawing a workshop; each attendee completes the module by it.

- An ambassador records a workshop in an office they serve, for a published module the
  coordinator marked workshop-eligible, on a day no later than today in that office and at most
  90 days ago, with attendees chosen from the people of the offices they serve.
- Each attendee gets a completion with the method "workshop", dated noon of the workshop day in the
  office's time zone; their standing moves with it (the recertification rule applies as for a quiz).
- For 14 days after it was recorded, the workshop may be corrected (day, attendees) or withdrawn;
  the completions change with it, and a withdrawn completion's certificate no longer verifies.
- One workshop per office, module and day (a unique constraint), so a double click records one.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ambassador.audit.services import diff, record
from ambassador.clock import local_day
from ambassador.completions.models import Method
from ambassador.completions.services import record_completion, withdraw_completions
from ambassador.db import db
from ambassador.errors import UserError
from ambassador.org.access import served_office_ids
from ambassador.org.models import Office, Person
from ambassador.training.models import Module
from ambassador.workshops.models import Attendee, Workshop

CORRECTABLE_FOR = timedelta(days=14)
OLDEST = timedelta(days=90)
NOON = time(12, 0)


class WorkshopError(UserError):
    """A workshop the rules refuse; `field` names the form field to show it on."""


class NotAllowed(WorkshopError):
    """The office or an attendee is outside the offices the ambassador serves."""


def can_record(person: Person, office_id: int) -> bool:
    """Whether `person` serves the office as an ambassador."""
    return office_id in served_office_ids(person)


def correctable(workshop: Workshop, now: datetime) -> bool:
    """Whether the workshop may still be corrected or withdrawn (14 days after it was recorded)."""
    return now < workshop.recorded_at + CORRECTABLE_FOR


def _check(actor: Person, office: Office, module, held_on: date, person_ids: list[int], now: datetime):
    """Refuse a workshop outside the rules; return the attendees."""
    if not can_record(actor, office.id):
        raise NotAllowed(_l("You can record workshops only in the offices you serve."))
    if module is None or not module.published or not module.workshop_eligible:
        raise WorkshopError(_l("Choose a module that a workshop counts for."), "module")
    today = local_day(now, office.timezone)
    if held_on > today:
        raise WorkshopError(
            _l("A workshop is recorded after it was held: the day cannot be in the future."), "held_on"
        )
    if held_on < today - OLDEST:
        raise WorkshopError(_l("Record workshops held in the last 90 days."), "held_on")
    if not person_ids:
        raise WorkshopError(_l("Choose at least one attendee."), "attendees")
    people = list(
        db.session.scalars(sa.select(Person).where(Person.id.in_(person_ids), Person.active.is_(True)))
    )
    served = served_office_ids(actor)
    if len(people) != len(set(person_ids)) or any(p.office_id not in served for p in people):
        raise NotAllowed(_l("Attendees must be active people of the offices you serve."))
    return people


def _attend(workshop: Workshop, office: Office, module, people: list[Person]) -> None:
    """Give each attendee their completion, dated noon of the workshop day in the office."""
    moment = datetime.combine(workshop.held_on, NOON, tzinfo=ZoneInfo(office.timezone))
    for person in people:
        completion = record_completion(person, module, method=Method.WORKSHOP, completed_at=moment)
        workshop.attendees.append(Attendee(person_id=person.id, completion_id=completion.id))


def _insert(workshop: Workshop) -> None:
    """Add the workshop; a second one for the same office, module and day is refused."""
    try:
        with db.session.begin_nested():
            db.session.add(workshop)
            db.session.flush()
    except IntegrityError as error:
        raise WorkshopError(
            _l("This module's workshop on this day is already recorded in this office: correct it instead."),
            "held_on",
        ) from error


def record_workshop(
    actor: Person, office: Office, module, held_on: date, person_ids, now: datetime
) -> Workshop:
    """Record a workshop and its attendees' completions; the caller commits."""
    people = _check(actor, office, module, held_on, list(person_ids), now)
    workshop = Workshop(
        office_id=office.id, module_id=module.id, held_on=held_on, held_by_id=actor.id, recorded_at=now
    )
    _insert(workshop)
    _attend(workshop, office, module, people)
    changes = diff({}, _described(workshop, module, people))
    record(actor, "workshop.recorded", f"{office.name}, {module.reference}", now, changes=changes)
    return workshop


def _described(workshop: Workshop, module, people: list[Person] | None = None) -> dict:
    """A workshop as the audit log writes it: module, day and attendees (their emails)."""
    if people is None:
        ids = [attendee.person_id for attendee in workshop.attendees]
        emails = list(db.session.scalars(sa.select(Person.email).where(Person.id.in_(ids))))
    else:
        emails = [person.email for person in people]
    return {"module": module.reference, "held_on": workshop.held_on, "attendees": emails}


def _undo(workshop: Workshop) -> None:
    """Withdraw the completions the workshop gave."""
    withdraw_completions([a.completion_id for a in workshop.attendees])


def correct_workshop(
    workshop: Workshop, actor: Person, module, held_on: date, person_ids, now: datetime
) -> None:
    """Change a workshop's day and attendees; their completions change with it. The caller commits."""
    office = db.session.get(Office, workshop.office_id)
    if not correctable(workshop, now):
        raise WorkshopError(_l("A workshop can be corrected for 14 days after it was recorded."))
    people = _check(actor, office, module, held_on, list(person_ids), now)
    before = _described(workshop, module)
    workshop_id = workshop.id
    _undo(workshop)
    workshop = db.session.get(Workshop, workshop_id)
    workshop.attendees.clear()
    workshop.held_on = held_on
    _insert(workshop)
    _attend(workshop, office, module, people)
    changes = diff(before, _described(workshop, module, people))
    record(actor, "workshop.corrected", f"{office.name}, {module.reference}", now, changes=changes)


def withdraw_workshop(workshop: Workshop, actor: Person, now: datetime) -> None:
    """Withdraw a workshop and every completion it gave; the caller commits."""
    if not can_record(actor, workshop.office_id):
        raise NotAllowed(_l("You can record workshops only in the offices you serve."))
    if not correctable(workshop, now):
        raise WorkshopError(_l("A workshop can be withdrawn for 14 days after it was recorded."))
    office = db.session.get(Office, workshop.office_id)
    module = db.session.get(Module, workshop.module_id)
    changes = diff(_described(workshop, module), {})
    workshop_id = workshop.id
    _undo(workshop)
    db.session.execute(sa.delete(Workshop).where(Workshop.id == workshop_id))
    record(actor, "workshop.withdrawn", f"{office.name}, {module.reference}", now, changes=changes)
