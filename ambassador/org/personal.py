"""What the roster keeps about a person (their profile and ambassador posts), exported and erased."""

from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from ambassador.audit.models import AuditEvent
from ambassador.db import db
from ambassador.org.forms import ROLE_LABELS
from ambassador.org.models import Person, ambassador_office
from ambassador.org.signals import people_deactivated
from ambassador.personal import Column, Erasure, Section

PROFILE = (
    Column("name", _l("Name")),
    Column("email", _l("Email")),
    Column("employee_id", _l("Employee id")),
    Column("office", _l("Office")),
    Column("role", _l("Role")),
    Column("language", _l("Language")),
    Column("start_date", _l("Started")),
    Column("active", _l("Active")),
    Column("created_at", _l("On the roster since")),
    Column("deactivated_at", _l("Deactivated")),
    Column("last_login_at", _l("Last sign-in")),
)


def export(person: Person) -> list[Section]:
    """The person's profile, and the offices they serve as an ambassador."""
    profile = {
        "id": person.id,
        "name": person.name,
        "email": person.email,
        "employee_id": person.employee_id,
        "office": person.office.name,
        "office_id": person.office_id,
        "role": str(ROLE_LABELS.get(person.role, person.role)),
        "role_code": person.role,
        "language": current_app.config["LANGUAGES"].get(person.language, person.language),
        "language_code": person.language,
        "start_date": person.start_date,
        "active": person.active,
        "created_at": person.created_at,
        "deactivated_at": person.deactivated_at,
        "last_login_at": person.last_login_at,
    }
    posts = [{"office": office.name, "office_id": office.id} for office in person.served_offices]
    return [
        Section("profile", _l("Profile"), PROFILE, [profile], single=True, order=0),
        Section(
            "ambassador_posts",
            _l("Offices you serve as an ambassador"),
            (Column("office", _l("Office")),),
            posts,
            order=1,
        ),
    ]


def former_names(person: Person) -> list[str]:
    """Names the person had before, read from the audit trail's changes to them (oldest first)."""
    changes = db.session.scalars(
        sa.select(AuditEvent.changes)
        .where(AuditEvent.subject_id == person.id, AuditEvent.changes.is_not(None))
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    names = []
    for change in changes:
        for name in (change or {}).get("name") or ():
            if isinstance(name, str) and name and name not in names and name != person.name:
                names.append(name)
    return names


def erase(erasures: list[Erasure], now: datetime) -> None:
    """Replace name, email and employee id with the pseudonym, end sign-in and ambassador posts.

    The row stays (with its office and dates) so that completions and figures keep their person;
    an erased person is deactivated, has no password and no longer serves any office.
    """
    ids = [erasure.person_id for erasure in erasures]
    active = list(db.session.scalars(sa.select(Person.id).where(Person.id.in_(ids), Person.active.is_(True))))
    rows = [
        {
            "id": erasure.person_id,
            "name": erasure.pseudonym,
            "email": erasure.pseudonymous_email,
            "employee_id": None,
            "password_hash": None,
            "start_date": None,
            "last_login_at": None,
            "active": False,
            "erased_at": now,
        }
        for erasure in erasures
    ]
    db.session.execute(sa.update(Person), rows)
    if active:
        db.session.execute(
            sa.update(Person).where(Person.id.in_(active)).values(deactivated_at=now),
            execution_options={"synchronize_session": False},
        )
        people_deactivated.send(None, person_ids=active)
    db.session.execute(sa.delete(ambassador_office).where(ambassador_office.c.person_id.in_(ids)))
    db.session.expire_all()
