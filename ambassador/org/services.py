"""Rules for offices, roles, ambassadors and deactivation."""

from datetime import datetime
from functools import cache
from zoneinfo import available_timezones

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.audit.services import diff, record, snapshot
from ambassador.db import db
from ambassador.errors import UserError
from ambassador.importing.bulk import batches
from ambassador.org.countries import is_country
from ambassador.org.models import Office, Person, Role, ambassador_office
from ambassador.org.signals import people_deactivated
from ambassador.text import CONTROL_MESSAGE, has_control_characters


class OrgError(UserError):
    """A change the rules do not allow; the message is shown to the user."""


@cache
def timezones() -> frozenset[str]:
    """The IANA time zone names, read once."""
    return frozenset(available_timezones())


def valid_timezone(name: str) -> bool:
    """True for an IANA time zone name such as Europe/Stockholm."""
    return name in timezones()


def _check_office_name(name: str, office_id: int | None) -> None:
    """Office names are unique, ignoring case."""
    query = sa.select(Office.id).where(sa.func.lower(Office.name) == name.strip().lower())
    if office_id is not None:
        query = query.where(Office.id != office_id)
    if db.session.scalar(query) is not None:
        raise OrgError(_l("An office with this name already exists."), field="name")


OFFICE_FIELDS = ("name", "country", "timezone", "language")


def save_office(
    office: Office | None, *, name: str, country: str, timezone: str, language: str, actor, now: datetime
) -> Office:
    """Create an office (office=None) or update one; the caller commits."""
    if not valid_timezone(timezone):
        raise OrgError(_l("Unknown time zone."), field="timezone")
    if not is_country(country.upper()):
        raise OrgError(_l("Choose a country from the list."), field="country")
    if has_control_characters(name):
        raise OrgError(CONTROL_MESSAGE, field="name")
    _check_office_name(name, office.id if office else None)
    created = office is None
    office = office or Office(created_at=now)
    before = {} if created else snapshot(office, OFFICE_FIELDS)
    office.name, office.country = name.strip(), country.upper()
    office.timezone, office.language = timezone, language
    db.session.add(office)
    db.session.flush()
    changes = diff(before, snapshot(office, OFFICE_FIELDS))
    if changes:
        record(actor, "office.created" if created else "office.updated", office.name, now, changes=changes)
    return office


def _active_admins() -> int:
    """How many active administrators there are."""
    query = sa.select(sa.func.count()).where(Person.role == Role.ADMIN, Person.active.is_(True))
    return db.session.scalar(query)


def check_admins_remain(remaining: int) -> None:
    """Never leave the organisation without an active administrator (the web and the roster import)."""
    if remaining < 1:
        raise OrgError(_l("This would leave no active administrator; make someone else one first."))


def _guard_last_admin(person: Person) -> None:
    """Refuse a change that takes the last active administrator away."""
    if person.role == Role.ADMIN and person.active:
        check_admins_remain(_active_admins() - 1)


def lock_people(person_ids: list[int]) -> None:
    """Serialise changes to these people (completions, erasure) until the transaction ends.

    A no-op UPDATE takes the row locks on PostgreSQL and the write lock on SQLite, so a second
    request for one of them waits and then reads what the first one wrote. Ids are locked in
    ascending order, so two callers locking overlapping people cannot deadlock.
    """
    for chunk in batches(sorted(set(person_ids))):
        db.session.execute(
            sa.update(Person)
            .where(Person.id.in_(chunk))
            .values(active=Person.active)
            .execution_options(synchronize_session=False)
        )


def check_not_erased(person: Person) -> None:
    """An erased person is a pseudonym kept for the figures: nothing about them changes again."""
    if person.erased_at is not None:
        raise OrgError(_l("This person has been erased and can no longer be changed."))


def check_erasable(person: Person, actor) -> None:
    """Who may not be erased: someone already erased, yourself, the last active administrator."""
    check_not_erased(person)
    if actor is not None and person.id == actor.id:
        raise OrgError(_l("You cannot erase yourself."))
    _guard_last_admin(person)


def set_role(person: Person, role: str, *, actor, now: datetime) -> None:
    """Give `person` a role (what they may administer); serving as an ambassador is separate."""
    check_not_erased(person)
    role = Role(role)
    if role == person.role:
        return
    if role != Role.ADMIN:
        _guard_last_admin(person)
    changes = {"role": [str(person.role), str(role)]}
    record(actor, "person.role", person.email, now, changes=changes, subject=person)
    person.role = role


def set_posts(person: Person, offices: list[Office], *, actor, now: datetime) -> None:
    """Make `person` serve exactly `offices` as an ambassador (none: no longer an ambassador)."""
    check_not_erased(person)
    before = sorted(office.name for office in person.served_offices)
    after = sorted({office.name for office in offices})
    if before == after:
        return
    person.served_offices = sorted(set(offices), key=lambda office: office.name)
    changes = diff({"served_offices": before}, {"served_offices": after})
    record(actor, "person.posts", person.email, now, changes=changes, subject=person)


def serve_own_office(person_ids: list[int]) -> None:
    """An ambassador named without offices serves their own: each of `person_ids` serving none starts to."""
    serving = sa.select(ambassador_office.c.person_id).where(ambassador_office.c.person_id == Person.id)
    rows = sa.select(Person.id, Person.office_id).where(Person.id.in_(person_ids), ~serving.exists())
    db.session.execute(
        sa.insert(ambassador_office).from_select(["person_id", "office_id"], rows),
        execution_options={"synchronize_session": False},
    )


def mark_deactivated(person_ids: list[int], now: datetime) -> None:
    """Deactivate people in bulk and end their sessions everywhere (the web and the roster import)."""
    if not person_ids:
        return
    db.session.execute(
        sa.update(Person).where(Person.id.in_(person_ids)).values(active=False, deactivated_at=now),
        execution_options={"synchronize_session": "fetch"},
    )
    people_deactivated.send(None, person_ids=list(person_ids))


# What deactivating (False) or reactivating (True) someone changes, as the audit log keeps it.
ACTIVE_CHANGE = {False: {"active": [True, False]}, True: {"active": [False, True]}}


def deactivate(person: Person, *, actor, now: datetime) -> None:
    """Deactivate someone who left: they keep their history but can no longer sign in."""
    if not person.active:
        return
    if actor is not None and person.id == actor.id:
        raise OrgError(_l("You cannot deactivate yourself."))
    _guard_last_admin(person)
    mark_deactivated([person.id], now)
    record(actor, "person.deactivated", person.email, now, changes=ACTIVE_CHANGE[False], subject=person)


def reactivate(person: Person, *, actor, now: datetime) -> None:
    """Bring a deactivated person back."""
    if person.active:
        return
    check_not_erased(person)
    person.active = True
    person.deactivated_at = None
    record(actor, "person.reactivated", person.email, now, changes=ACTIVE_CHANGE[True], subject=person)


def update_person(person: Person, *, name: str, office: Office, language: str | None, actor, now) -> None:
    """Change a person's name, office and language."""
    check_not_erased(person)
    if has_control_characters(name):
        raise OrgError(CONTROL_MESSAGE, field="name")
    before = _described(person)
    person.name, person.office, person.language = name.strip(), office, language or None
    if changes := diff(before, _described(person)):
        record(actor, "person.updated", person.email, now, changes=changes, subject=person)


def _described(person: Person) -> dict:
    """A person's details as the audit log writes them."""
    return {"name": person.name, "office": person.office.name, "language": person.language}
