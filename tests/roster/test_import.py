"""Planning and applying a roster import: preview first, then all or nothing."""

import sqlalchemy as sa

from ambassador.audit.models import AuditEvent
from ambassador.db import db
from ambassador.org.models import Person, Role
from ambassador.roster.services import apply_import, plan_import

LANGS = ("en", "sv")


def _people() -> dict[str, Person]:
    return {p.email: p for p in db.session.scalars(sa.select(Person))}


def _plan(text: str, full=False, actor_id=None):
    return plan_import(text.encode(), full=full, actor_id=actor_id, languages=LANGS)


def test_plan_sorts_rows_into_create_update_unchanged(org):
    plan = _plan(
        "email,name,office,role,language,employee id,start date\n"
        "new@example.com,New Person,oslo,,,E1,2026-01-05\n"
        "employee@example.com,Elin Employee,Stockholm,,,,\n"
        "ola@example.com,Ola Nordmann,Stockholm,,,,\n"
    )
    assert [p.email for p in plan.creates] == ["new@example.com"]
    assert [(p.email, p.changed) for p in plan.updates] == [("ola@example.com", ("office_id",))]
    assert plan.unchanged == 1 and plan.ok


def test_nothing_is_written_by_a_plan(org):
    before = _people()
    _plan("email,name,office\nnew@example.com,New,Oslo\n", full=True)
    db.session.rollback()
    assert set(_people()) == set(before)


def test_apply_creates_updates_and_records(org, now):
    plan = _plan(
        "email,name,office,role,language,employee id,start date\n"
        "new@example.com,New Person,Oslo,ambassador,sv,E1,2026-01-05\n"
        "ola@example.com,Ola N,Stockholm,,,,\n"
    )
    apply_import(plan, actor=org.admin, filename="hr.csv", now=now)
    db.session.commit()
    people = _people()
    new = people["new@example.com"]
    assert (new.name, new.role, new.language, new.employee_id) == ("New Person", "employee", "sv", "E1")
    assert [o.name for o in new.served_offices] == ["Oslo"]  # an ambassador serves their office
    assert new.password_hash is None  # they set one through the reset link
    assert (people["ola@example.com"].name, people["ola@example.com"].office.name) == ("Ola N", "Stockholm")
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "roster.imported"))
    assert event.summary == "hr.csv (partial): 1 created, 1 updated, 0 deactivated, 1 invited"


def test_blank_optional_values_keep_what_the_person_has(org, now):
    org.employee.employee_id = "E77"
    db.session.commit()
    plan = _plan("email,name,office,role,employee id\nemployee@example.com,Elin Employee,Stockholm,,\n")
    assert plan.unchanged == 1
    apply_import(plan, actor=None, filename="x.csv", now=now)
    db.session.commit()
    assert _people()["employee@example.com"].employee_id == "E77"


def test_full_roster_deactivates_the_missing_but_never_the_importer(org, now):
    plan = _plan(
        "email,name,office\nemployee@example.com,Elin Employee,Stockholm\n", full=True, actor_id=org.admin.id
    )
    gone = {email for _id, email, _name in plan.deactivations}
    assert gone == {"ambassador@example.com", "coordinator@example.com", "ola@example.com"}
    apply_import(plan, actor=org.admin, filename="full.csv", now=now)
    db.session.commit()
    people = _people()
    assert people["ola@example.com"].active is False  # kept, not deleted
    assert people["ola@example.com"].deactivated_at == now
    assert people["admin@example.com"].active is True


def test_someone_back_in_the_file_is_reactivated(org, now):
    org.colleague_in_oslo.active = False
    db.session.commit()
    plan = _plan("email,name,office\nola@example.com,Ola Nordmann,Oslo\n")
    assert plan.updates[0].changed == ("active",)
    apply_import(plan, actor=None, filename="x.csv", now=now)
    db.session.commit()
    assert _people()["ola@example.com"].active is True


def test_row_errors_against_the_database_and_each_other(org):
    plan = _plan(
        "email,name,office,role,language,employee id\n"
        "a@example.com,A,Nowhere,,,\n"
        "b@example.com,B,Oslo,king,,\n"
        "c@example.com,C,Oslo,,fi,\n"
        "d@example.com,D,Oslo,,,E9\n"
        "e@example.com,E,Oslo,,,E9\n"
        "D@example.com,D again,Oslo,,,\n"
    )
    assert [(e.line, str(e.message)) for e in plan.errors] == [
        (2, "There is no office called “Nowhere”."),
        (3, "“king” is not a role; use employee, ambassador, coordinator or admin."),
        (4, "“fi” is not a language; use en, sv."),
        (6, "The employee id E9 is also on line 5."),
        (7, "The email d@example.com is also on line 5."),
    ]
    assert not plan.ok


def test_employee_id_of_someone_else_is_refused(org):
    org.employee.employee_id = "E1"
    db.session.commit()
    plan = _plan("email,name,office,employee id\nnew@example.com,New,Oslo,E1\n")
    assert str(plan.errors[0].message) == "The employee id E1 belongs to employee@example.com."


def test_an_import_that_would_leave_no_admin_is_refused(org):
    plan = _plan("email,name,office,role\nadmin@example.com,Alva Admin,Stockholm,employee\n")
    assert plan.problems and not plan.ok
    plan = _plan("email,name,office\nemployee@example.com,Elin,Stockholm\n", full=True)  # CLI: no actor
    assert plan.problems


def test_a_new_admin_in_the_same_file_keeps_the_import_possible(org):
    plan = _plan(
        "email,name,office,role\nadmin@example.com,Alva,Stockholm,employee\nnew@example.com,N,Oslo,admin\n"
    )
    assert plan.ok


def test_a_role_in_the_file_leaves_ambassador_posts_alone(org, now):
    org.coordinator.served_offices = [org.oslo]
    plan = _plan(
        "email,name,office,role\n"
        "ambassador@example.com,Amir Ambassador,Stockholm,employee\n"
        "coordinator@example.com,Cora Coordinator,Stockholm,coordinator\n"
    )
    apply_import(plan, actor=None, filename="x.csv", now=now)
    db.session.commit()
    people = _people()
    assert people["ambassador@example.com"].served_offices == [org.stockholm]
    assert people["coordinator@example.com"].served_offices == [org.oslo]


def test_ambassador_in_the_file_is_an_employee_who_serves_their_office(org, now):
    plan = _plan(
        "email,name,office,role\n"
        "employee@example.com,Elin Employee,Stockholm,ambassador\n"
        "ambassador@example.com,Amir Ambassador,Stockholm,ambassador\n"
    )
    assert [(p.email, p.changed) for p in plan.updates] == [("employee@example.com", ("ambassador",))]
    assert plan.unchanged == 1  # already serves: nothing to do
    apply_import(plan, actor=None, filename="x.csv", now=now)
    db.session.commit()
    elin = _people()["employee@example.com"]
    assert elin.role == Role.EMPLOYEE and elin.served_offices == [org.stockholm]
