"""Each kind of change is kept with its old and new values and the person it concerns."""

from datetime import timedelta

import sqlalchemy as sa

from ambassador.audit.models import AuditEvent
from ambassador.authoring import questions
from ambassador.authoring.services import save_text
from ambassador.db import db
from ambassador.roster.services import apply_import, plan_import
from ambassador.workshops.services import correct_workshop, record_workshop
from tests.factories import make_module, make_person


def _events(action: str) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def test_a_roster_import_keeps_one_entry_per_person_with_old_and_new(org, now):
    org.colleague_in_oslo.active = False
    db.session.commit()
    plan = plan_import(
        b"email,name,office,role,language,employee id,start date\n"
        b"new@example.com,New Person,Oslo,ambassador,sv,E1,2026-01-05\n"
        b"ola@example.com,Ola N,Stockholm,coordinator,,,\n"
        b"admin@example.com,Alva Admin,Stockholm,admin,,,\n",
        full=True,
        actor_id=org.admin.id,
        languages=("en", "sv"),
    )
    apply_import(plan, actor=org.admin, filename="hr.csv", now=now, invite=False)
    db.session.commit()
    new = db.session.scalar(sa.select(sa.func.max(AuditEvent.subject_id)))
    [created] = _events("person.created")
    assert (created.actor_id, created.subject_id, created.at) == (org.admin.id, new, now)
    assert created.summary == "new@example.com, roster import hr.csv"
    assert created.changes == {
        "email": [None, "new@example.com"],
        "name": [None, "New Person"],
        "role": [None, "employee"],
        "language": [None, "sv"],
        "employee_id": [None, "E1"],
        "start_date": [None, "2026-01-05"],
        "ambassador": [None, True],
        "office": [None, "Oslo"],
    }
    [updated] = _events("person.updated")
    assert updated.subject_id == org.colleague_in_oslo.id
    assert updated.changes == {
        "name": ["Ola Nordmann", "Ola N"],
        "role": ["employee", "coordinator"],
        "office": ["Oslo", "Stockholm"],
        "active": [False, True],
    }
    deactivated = {event.subject_id: event.changes for event in _events("person.deactivated")}
    assert deactivated == {
        person.id: {"active": [True, False]} for person in (org.employee, org.ambassador, org.coordinator)
    }


def test_a_question_keeps_its_texts_and_answers_before_and_after(org, now):
    module = make_module(title="Basics", questions=3, draw=2)
    answer = questions.QuestionInput(
        "single",
        {"en": "Is it so?"},
        {"en": "Because."},
        [questions.ChoiceInput({"en": "Yes"}, False), questions.ChoiceInput({"en": "No"}, True)],
    )
    questions.save_question(module, 0, answer, actor=org.coordinator, now=now)
    questions.delete_question(module, 1, actor=org.coordinator, now=now)
    edited, removed = _events("module.question")
    assert edited.summary == f"module {module.id} (Basics), version 2, question 1"
    assert edited.changes["prompt.en"] == ["Question 1?", "Is it so?"]
    assert edited.changes["answers.en"] == ["✓ Right 1; Wrong 1; Also wrong 1", "Yes; ✓ No"]
    assert edited.changes["prompt.sv"] == ["Fråga 1?", None]
    assert removed.changes["prompt.en"] == ["Question 2?", None]


def test_a_long_content_is_kept_cut_with_its_length(org, now):
    module = make_module(title="Basics")
    save_text(
        module, "en", title="Basics", summary="What to know.", content="x" * 3000, actor=org.admin, now=now
    )
    [event] = _events("module.text")
    assert event.changes == {"content": ["## Why\n\nBecause.", "x" * 1000 + "… (3,000 characters)"]}
    save_text(
        module, "en", title="Basics", summary="What to know.", content="x" * 3000, actor=org.admin, now=now
    )
    assert len(_events("module.text")) == 1  # saving the same text again changes nothing


def test_a_corrected_workshop_keeps_the_day_and_attendees_before_and_after(org, now):
    module = make_module(title="Workshop", published_at=now - timedelta(days=60), workshop_eligible=True)
    mate = make_person(org.stockholm, email="mate@example.com")
    day = now.date() - timedelta(days=1)
    workshop = record_workshop(org.ambassador, org.stockholm, module, day, [org.employee.id], now)
    correct_workshop(
        workshop, org.ambassador, module, day - timedelta(days=1), [mate.id, org.employee.id], now
    )
    recorded, corrected = _events("workshop.recorded") + _events("workshop.corrected")
    assert recorded.changes["attendees"] == [None, "employee@example.com"]
    assert corrected.changes == {
        "held_on": [day.isoformat(), (day - timedelta(days=1)).isoformat()],
        "attendees": ["employee@example.com", "employee@example.com, mate@example.com"],
    }


def test_sign_ins_of_people_who_can_change_things_are_kept_and_an_employees_are_not(client, org):
    for person in (org.employee, org.ambassador, org.coordinator, org.admin):
        client.login(person.email)
        client.logout()
    signed_in = {event.actor_id for event in _events("auth.signed_in")}
    assert signed_in == {org.ambassador.id, org.coordinator.id, org.admin.id}
