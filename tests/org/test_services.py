"""Rules for offices, roles, ambassadors and deactivation, tested without a request."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from ambassador.audit.models import AuditEvent
from ambassador.auth.models import UserSession
from ambassador.auth.services import start_session
from ambassador.db import db
from ambassador.org import access, services
from ambassador.org.models import Role
from tests.factories import make_office, make_person


def test_save_office_creates_and_audits(org, now):
    office = services.save_office(
        None, name=" Bergen ", country="no", timezone="Europe/Oslo", language="en", actor=org.admin, now=now
    )
    assert (office.name, office.country) == ("Bergen", "NO")
    event = db.session.scalar(sa.select(AuditEvent))
    assert event.action == "office.created" and event.actor_id == org.admin.id and event.at == now


def test_office_names_are_unique_ignoring_case(org, now):
    with pytest.raises(services.OrgError) as error:
        services.save_office(
            None,
            name="STOCKHOLM",
            country="SE",
            timezone="Europe/Stockholm",
            language="sv",
            actor=None,
            now=now,
        )
    assert error.value.field == "name"


def test_renaming_an_office_to_its_own_name_is_fine(org, now):
    services.save_office(
        org.oslo, name="oslo", country="NO", timezone="Europe/Oslo", language="en", actor=None, now=now
    )
    assert org.oslo.name == "oslo"


def test_unknown_time_zone_is_refused(org, now):
    with pytest.raises(services.OrgError) as error:
        services.save_office(
            None, name="Mars", country="SE", timezone="Mars/Olympus", language="en", actor=None, now=now
        )
    assert error.value.field == "timezone"


def test_an_ambassador_named_without_offices_serves_their_own(org, now):
    services.serve_own_office([org.employee.id, org.ambassador.id])
    db.session.expire_all()
    assert org.employee.served_offices == [org.stockholm]
    assert org.ambassador.served_offices == [org.stockholm]  # already served, unchanged


def test_an_ambassador_may_serve_several_offices(org, now):
    services.set_posts(org.employee, [org.stockholm, org.oslo], actor=org.admin, now=now)
    assert {o.name for o in org.employee.served_offices} == {"Stockholm", "Oslo"}
    assert access.is_ambassador(org.employee)


def test_ending_every_post_ends_being_an_ambassador(org, now):
    services.set_posts(org.ambassador, [], actor=org.admin, now=now)
    assert org.ambassador.served_offices == [] and not access.is_ambassador(org.ambassador)


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_a_coordinator_or_admin_may_also_serve_as_ambassador(org, now, role):
    person = org.by_role(role)
    services.set_posts(person, [org.oslo], actor=org.admin, now=now)
    services.set_role(person, role, actor=org.admin, now=now)
    assert person.role == role and access.is_ambassador(person) and access.is_staff(person)


def test_the_last_admin_cannot_be_demoted_or_deactivated(org, now):
    with pytest.raises(services.OrgError):
        services.set_role(org.admin, Role.EMPLOYEE, actor=org.admin, now=now)
    with pytest.raises(services.OrgError):
        services.deactivate(org.admin, actor=None, now=now)
    make_person(org.stockholm, Role.ADMIN)
    services.set_role(org.admin, Role.EMPLOYEE, actor=org.admin, now=now)
    assert org.admin.role == Role.EMPLOYEE


def test_nobody_deactivates_themselves(org, now):
    make_person(org.stockholm, Role.ADMIN)
    with pytest.raises(services.OrgError):
        services.deactivate(org.admin, actor=org.admin, now=now)


def test_deactivation_keeps_the_person_and_ends_their_sessions(org, now):
    start_session(org.employee, False, timedelta(minutes=30), now)
    start_session(org.employee, True, timedelta(days=1), now)
    services.deactivate(org.employee, actor=org.admin, now=now)
    db.session.commit()
    assert org.employee.active is False and org.employee.deactivated_at == now
    remaining = db.session.scalar(
        sa.select(sa.func.count()).select_from(UserSession).where(UserSession.person_id == org.employee.id)
    )
    assert remaining == 0
    services.reactivate(org.employee, actor=org.admin, now=now)
    assert org.employee.active and org.employee.deactivated_at is None


@pytest.mark.parametrize(
    ("role", "office", "allowed"),
    [
        ("employee", "stockholm", False),
        ("ambassador", "stockholm", True),
        ("ambassador", "oslo", False),
        ("coordinator", "oslo", True),
        ("admin", "oslo", True),
    ],
)
def test_who_may_view_an_office(org, role, office, allowed):
    person = org.by_role(role)
    assert access.can_view_office(person, getattr(org, office).id) is allowed
    visible = {o.name for o in access.visible_offices(person)}
    assert (getattr(org, office).name in visible) is allowed


def test_update_person_records_what_changed(org, now):
    bergen = make_office(name="Bergen")
    services.update_person(
        org.employee, name="Elin E", office=bergen, language="sv", actor=org.admin, now=now
    )
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "person.updated"))
    assert event.changes == {
        "name": ["Elin Employee", "Elin E"],
        "office": ["Stockholm", "Bergen"],
        "language": ["en", "sv"],
    }
    assert (event.summary, event.subject_id, event.actor_id) == (
        org.employee.email,
        org.employee.id,
        org.admin.id,
    )


def test_many_posts_are_kept_in_full_in_the_changes(org, now):
    offices = [make_office(name=f"Regional office number {n:02d} of the Gothenburg area") for n in range(20)]
    services.set_posts(org.employee, offices, actor=org.admin, now=now)
    db.session.commit()
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "person.posts"))
    old, new = event.changes["served_offices"]
    assert old is None and new.count("Regional office") == 20 and len(new) > 500
