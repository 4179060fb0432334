"""A person's own data: everything the system holds about them, as a page and as a JSON download."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from ambassador import clock
from ambassador.db import db
from ambassador.learning import quiz
from ambassador.mail.services import queue
from ambassador.reminders.nudges import nudge
from ambassador.workshops.services import record_workshop
from tests.factories import make_module

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture
def history(org):
    """The employee has a pass, a failed try, a nudge, a workshop, a reset email; a colleague too."""
    clock.set_clock(lambda: NOW)
    basics = make_module(title="Basics", published_at=NOW - timedelta(days=90), grace_days=30)
    workshop = make_module(
        title="Workshop day", published_at=NOW - timedelta(days=90), workshop_eligible=True
    )
    db.session.commit()
    employee = org.employee
    attempt = quiz.start_attempt(employee, basics, NOW - timedelta(hours=2))
    wrong = {
        q.id: {c.id for c in q.choices if not c.correct} for q, _shown in quiz.attempt_questions(attempt)
    }
    quiz.submit(attempt, employee, {k: {min(v)} for k, v in wrong.items()}, NOW - timedelta(hours=2))
    nudge(employee, basics, actor=org.ambassador, now=NOW - timedelta(hours=1))
    attempt = quiz.start_attempt(employee, basics, NOW)
    right = {q.id: {c.id for c in q.choices if c.correct} for q, _shown in quiz.attempt_questions(attempt)}
    quiz.submit(attempt, employee, right, NOW)
    record_workshop(
        org.ambassador, org.stockholm, workshop, NOW.date() - timedelta(days=1), [employee.id], NOW
    )
    queue(
        org.coordinator,
        "password_reset",
        "password_reset",
        key="other",
        now=NOW,
        context={"link": "x", "minutes": 1},
    )
    db.session.commit()
    return employee


def test_the_download_holds_every_section_and_only_the_persons_own(client, org, history):
    client.login(org.employee.email)
    response = client.get("/profile/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert (
        response.headers["Content-Disposition"] == 'attachment; filename="ambassador-my-data-2026-03-04.json"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["exported_at"] == "2026-03-04T10:00:00+00:00"
    mine = data["data"]
    assert mine["profile"][0]["email"] == "employee@example.com"
    assert mine["profile"][0]["name"] == "Elin Employee"
    assert [t["passed"] for t in mine["quiz_tries"]] == [False, True]
    assert all(t["answers"] for t in mine["quiz_tries"])
    assert sorted(c["how"] for c in mine["completions"]) == ["Quiz passed", "Workshop"]
    assert {e["kind_code"] for e in mine["emails"]} == {"nudge", "done"}
    assert all(e["to"] == "employee@example.com" for e in mine["emails"])
    assert mine["nudges_received"][0]["sent_by"] == "Amir Ambassador"
    assert mine["workshops_attended"][0]["module"] == "Workshop day"
    assert len(mine["sessions"]) == 1
    assert mine["profile"][0]["last_login_at"] == "2026-03-04T10:00:00+00:00"
    assert mine["changes_by_you"] == []
    text = response.get_data(as_text=True)
    for other in ("coordinator@example.com", "Cora Coordinator", "ola@example.com"):
        assert other not in text


def test_the_ambassador_sees_what_they_did_but_not_whom_they_nudged(client, org, history):
    client.login(org.ambassador.email)
    mine = json.loads(client.get("/profile/data.json").get_data(as_text=True))["data"]
    assert len(mine["nudges_sent"]) == 1 and "person" not in mine["nudges_sent"][0]
    assert mine["workshops_held"][0]["attendees"] == 1
    made = [e["action_code"] for e in mine["changes_by_you"]]
    assert made == ["nudge.sent", "workshop.recorded", "auth.signed_in"]
    assert "employee@example.com" not in json.dumps(mine["changes_by_you"])
    assert mine["ambassador_posts"] == [{"office": "Stockholm", "office_id": org.stockholm.id}]


def test_changes_to_a_person_are_in_their_data(client, org):
    from ambassador.org import services as org_services

    org_services.set_role(org.employee, "coordinator", actor=org.admin, now=clock.utcnow())
    db.session.commit()
    client.login(org.employee.email)
    mine = json.loads(client.get("/profile/data.json").get_data(as_text=True))["data"]
    assert [e["summary"] for e in mine["changes_to_you"]][0] == "Role: employee → coordinator"


@pytest.mark.parametrize(
    ("language", "heading", "section", "yes"),
    [("en", "Your data", "Quiz tries", "Yes"), ("sv", "Dina uppgifter", "Quizförsök", "Ja")],
)
def test_the_page_reads_in_the_persons_language_and_time_zone(
    client, org, history, language, heading, section, yes
):
    org.employee.language = language
    db.session.commit()
    client.login(org.employee.email)
    page = client.get("/profile/data").get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in page
    assert section in page
    assert (
        page.index('id="section-profile"')
        < page.index('id="section-quiz_tries"')
        < page.index("section-changes")
    )
    assert "11:00" in page  # the pass at 10:00 UTC, in Stockholm
    assert f"<td>{yes}</td>" in page
    assert 'href="/profile/data.json"' in page


def test_the_profile_leads_to_the_data(client, org):
    client.login(org.employee.email)
    home = client.get("/training").get_data(as_text=True)
    assert 'href="/profile"' in home
    page = client.get("/profile").get_data(as_text=True)
    assert "Elin Employee" in page and "employee@example.com" in page
    assert 'href="/profile/data"' in page and 'href="/profile/data.json"' in page


def test_signed_out_visitors_are_sent_to_sign_in(client, org):
    for url in ("/profile", "/profile/data", "/profile/data.json"):
        assert client.get(url).location.startswith("/auth/login")


def test_a_long_section_shows_its_latest_rows_and_the_download_has_all(client, org):
    from ambassador.audit.services import record

    for n in range(205):
        record(org.admin, "office.updated", f"change {n}", clock.utcnow())
    db.session.commit()
    client.login(org.admin.email)
    page = client.get("/profile/data").get_data(as_text=True)
    assert "The latest 200 of 206; the download has them all." in page  # and the sign-in
    mine = json.loads(client.get("/profile/data.json").get_data(as_text=True))["data"]
    assert len(mine["changes_by_you"]) == 206
