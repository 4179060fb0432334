"""Rules for offices, roles, ambassadors and deactivation."""

from datetime import datetime
from functools import cache
from zoneinfo import available_timezones

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.audit.services import record
from ambassador.auth.services import end_all_sessions
from ambassador.db import db
from ambassador.errors import UserError
from ambassador.org.models import Office, Person, Role


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


def save_office(
    office: Office | None, *, name: str, country: str, timezone: str, language: str, actor, now: datetime
) -> Office:
    """Create an office (office=None) or update one; the caller commits."""
    if not valid_timezone(timezone):
        raise OrgError(_l("Unknown time zone."), field="timezone")
    _check_office_name(name, office.id if office else None)
    created = office is None
    office = office or Office(created_at=now)
    office.name, office.country = name.strip(), country.upper()
    office.timezone, office.language = timezone, language
    db.session.add(office)
    db.session.flush()
    action = "office.created" if created else "office.updated"
    record(actor, action, f"{office.name} ({office.country}, {office.timezone}, {office.language})", now)
    return office


def _active_admins() -> int:
    """How many active administrators there are."""
    query = sa.select(sa.func.count()).where(Person.role == Role.ADMIN, Person.active.is_(True))
    return db.session.scalar(query)


def _guard_last_admin(person: Person) -> None:
    """Never leave the organisation without an active administrator."""
    if person.role == Role.ADMIN and person.active and _active_admins() <= 1:
        raise OrgError(_l("This is the last active administrator; make someone else one first."))


def set_role(person: Person, role: str, offices: list[Office], *, actor, now: datetime) -> None:
    """Give `person` a role; an ambassador serves `offices` (default: their own office)."""
    role = Role(role)
    if role != Role.ADMIN:
        _guard_last_admin(person)
    if role == Role.AMBASSADOR:
        served = offices or [person.office]
    elif offices:
        raise OrgError(_l("Only ambassadors serve offices."), field="offices")
    else:
        served = []
    before = (person.role, sorted(o.name for o in person.served_offices))
    person.role = role
    person.served_offices = served
    after = (person.role, sorted(o.name for o in served))
    if before != after:
        detail = f"{person.email}: {before[0]} -> {role}"
        if served:
            detail += " (" + ", ".join(after[1]) + ")"
        record(actor, "person.role", detail, now)


def deactivate(person: Person, *, actor, now: datetime) -> None:
    """Deactivate someone who left: they keep their history but can no longer sign in."""
    if not person.active:
        return
    if actor is not None and person.id == actor.id:
        raise OrgError(_l("You cannot deactivate yourself."))
    _guard_last_admin(person)
    person.active = False
    person.deactivated_at = now
    end_all_sessions(person)
    record(actor, "person.deactivated", person.email, now)


def reactivate(person: Person, *, actor, now: datetime) -> None:
    """Bring a deactivated person back."""
    if person.active:
        return
    person.active = True
    person.deactivated_at = None
    record(actor, "person.reactivated", person.email, now)


def update_person(person: Person, *, name: str, office: Office, language: str | None, actor, now) -> None:
    """Change a person's name, office and language."""
    changes = []
    if person.name != name.strip():
        changes.append(f"name {person.name} -> {name.strip()}")
        person.name = name.strip()
    if person.office_id != office.id:
        changes.append(f"office {person.office.name} -> {office.name}")
        person.office = office
    if person.language != (language or None):
        changes.append(f"language {person.language or '-'} -> {language or '-'}")
        person.language = language or None
    if changes:
        record(actor, "person.updated", f"{person.email}: " + "; ".join(changes), now)


def can_view_office(person: Person, office_id: int) -> bool:
    """Coordinators and admins see every office; ambassadors only those they serve."""
    if person.has_role(Role.ADMIN, Role.COORDINATOR):
        return True
    if person.has_role(Role.AMBASSADOR):
        return any(office.id == office_id for office in person.served_offices)
    return False
