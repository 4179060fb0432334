"""Erasure: an administrator erases a person; name, email and employee id are found in no table afterwards."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from ambassador import clock
from ambassador.api import tokens
from ambassador.assets.models import CountryContact
from ambassador.audit.models import AuditEvent
from ambassador.auth import kept
from ambassador.auth.models import UserSession
from ambassador.auth.services import create_reset_token
from ambassador.completions.coverage import standing_on
from ambassador.completions.models import Completion, CompletionUpload, Method
from ambassador.completions.services import record_completion
from ambassador.db import db
from ambassador.learning import quiz
from ambassador.mail.models import OutboxMessage
from ambassador.mail.services import queue
from ambassador.org import services as org_services
from ambassador.org.models import Person
from ambassador.privacy import services
from ambassador.reminders.digests import queue_digests
from ambassador.reminders.nudges import nudge
from ambassador.reports.models import CoverageSnapshot, CoverageTrend
from ambassador.reports.snapshots import figures_now, take
from ambassador.roster.models import RosterUpload
from tests.factories import make_module, make_person
from tests.privacy.scan import columns_holding

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # a Monday morning
FORMER_NAME = "Zelda Quist"
NAME = "Zelda Quist-Örn"
EMAIL = "zelda.quist@example.com"
EMPLOYEE_ID = "EMP-778812"


def _pass_quiz(person, module):
    """The person takes the module's quiz and gets every answer right (choice A)."""
    attempt = quiz.start_attempt(person, module, clock.utcnow())
    answers = {q.id: {c.id for c in q.choices if c.correct} for q, _shown in quiz.attempt_questions(attempt)}
    return quiz.submit(attempt, person, answers, clock.utcnow())


@pytest.fixture
def browser(make_client):
    """Zelda's own browser."""
    return make_client()


@pytest.fixture
def zelda(org, browser, make_client):
    """An ambassador whose name, email and employee id have spread to every corner of the system."""
    clock.set_clock(lambda: NOW)
    module = make_module(title="Basics", published_at=NOW - timedelta(days=90), grace_days=30)
    make_module(title="Reporting", published_at=NOW - timedelta(days=90), grace_days=7)  # she is overdue
    person = make_person(
        org.stockholm, "ambassador", email=EMAIL, name=FORMER_NAME, employee_id=EMPLOYEE_ID, language="en"
    )
    db.session.commit()
    # The administrator renames her and makes her a coordinator: the audit trail names her.
    org_services.update_person(
        person, name=NAME, office=org.stockholm, language="en", actor=org.admin, now=NOW
    )
    org_services.set_role(person, "coordinator", actor=org.admin, now=NOW)
    # She passes the quiz (a try, a completion, the "done" email) and nudges a colleague by name.
    _pass_quiz(person, module)
    nudge(org.employee, module, actor=person, now=NOW)
    # A reset link and its email; a failed sign-in to her account; she is signed in.
    _person, token = create_reset_token(EMAIL, timedelta(hours=1), NOW)
    queue(
        person,
        "password_reset",
        "password_reset",
        key="reset:z",
        now=NOW,
        context={"link": token, "minutes": 60},
    )
    db.session.commit()
    browser.login(EMAIL)
    make_client().login(EMAIL, "a wrong password from elsewhere")
    # Free text elsewhere that names her.
    kept.keep("/admin/people/1", MultiDict({"name": [NAME], "note": [f"ask {EMAIL}"]}), NOW)
    db.session.add_all(
        [
            RosterUpload(
                filename="hr.csv",
                content=f"email,name,office,employee id\n{EMAIL},{NAME},Stockholm,{EMPLOYEE_ID}\n".encode(),
                uploaded_by_id=org.admin.id,
            ),
            RosterUpload(
                filename="hr-january.csv",
                content=b"",
                uploaded_by_id=org.admin.id,
                applied_at=NOW,
                summary={"created": 1, "creates": [{"line": 2, "email": EMAIL, "name": FORMER_NAME}]},
            ),
            CompletionUpload(
                filename="history.csv",
                content=b"",
                uploaded_by_id=person.id,
                applied_at=NOW,
                summary={"imported": 1, "imports": [{"line": 2, "email": EMAIL, "module": "Basics"}]},
            ),
            CountryContact(
                country="SE", language="en", support=f"Ask {NAME} ({EMAIL}).", reporting="Call 112."
            ),
        ]
    )
    tokens.create(f"{NAME}'s report", actor=person, now=NOW)
    queue_digests(NOW)  # Amir's weekly digest lists his overdue colleagues, Zelda among them
    take(NOW)
    db.session.commit()
    return person


def _erase(client, person_id: int, confirm=True):
    """The administrator erases through the confirmation page."""
    data = {"understood": "y"} if confirm else {}
    return client.post_form(f"/admin/people/{person_id}/erase", data)


def test_after_erasure_name_email_and_employee_id_are_in_no_table(client, org, zelda):
    assert len(columns_holding(NAME, FORMER_NAME, EMAIL, EMPLOYEE_ID)) >= 15  # the scenario spread them
    snapshot = db.session.execute(sa.select(CoverageSnapshot.__table__)).all()
    client.login(org.admin.email)
    response = _erase(client, zelda.id)
    assert response.status_code == 302
    assert columns_holding(NAME, FORMER_NAME, EMAIL, EMPLOYEE_ID) == []
    # Everyone else is as they were: the colleague's nudge names the pseudonym, not Zelda.
    message = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.person_id == org.employee.id))
    assert f"erased-{zelda.id}, the child-protection ambassador" in message.text_body
    assert message.to_name == "Elin Employee"
    digest = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.kind == "digest"))
    assert digest.person_id == org.ambassador.id
    assert f"- erased-{zelda.id}: Reporting" in digest.text_body
    assert "Elin Employee: Reporting" in digest.text_body
    assert db.session.get(Person, org.employee.id).email == "employee@example.com"
    assert db.session.execute(sa.select(CoverageSnapshot.__table__)).all() == snapshot


def test_the_audit_trail_keeps_every_event_under_the_pseudonym(client, org, zelda):
    before = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    client.login(org.admin.email)
    _erase(client, zelda.id)
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert len(events) == before + 2  # the administrator's sign-in, then the erasure
    erasure = events[-1]
    assert (erasure.action, erasure.actor_id) == ("person.erased", org.admin.id)
    assert erasure.summary == f"erased-{zelda.id}: erased by an administrator"
    renamed = next(e for e in events if e.action == "person.updated")
    assert renamed.summary == f"erased-{zelda.id}"
    assert renamed.changes == {"name": [f"erased-{zelda.id}", f"erased-{zelda.id}"]}
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Person erased" in page and NAME not in page


def test_the_erased_person_is_signed_out_and_cannot_sign_in_again(client, org, zelda, browser):
    assert browser.get("/training").status_code == 200
    client.login(org.admin.email)
    _erase(client, zelda.id)
    sessions = sa.select(sa.func.count()).select_from(UserSession).filter_by(person_id=zelda.id)
    assert db.session.scalar(sessions) == 0
    assert browser.get("/training").location.startswith("/auth/login")
    page = browser.login(EMAIL).get_data(as_text=True)
    assert "The email or password is incorrect." in page
    person = db.session.get(Person, zelda.id)
    assert (person.active, person.password_hash, person.served_offices) == (False, None, [])


def test_completions_stay_and_certificates_stop_verifying(client, org, zelda):
    completion = db.session.scalar(sa.select(Completion).where(Completion.person_id == zelda.id))
    old_code = completion.code
    assert client.get(f"/verify/{old_code}").status_code == 200
    client.login(org.admin.email)
    _erase(client, zelda.id)
    db.session.refresh(completion)
    assert (completion.person_id, completion.method) == (zelda.id, Method.QUIZ)
    assert completion.code != old_code
    page = client.get(f"/verify/{old_code}")
    assert page.status_code == 404
    assert "No certificate has the identifier" in page.get_data(as_text=True)


def test_the_email_is_free_for_a_new_person_afterwards(client, org, zelda):
    client.login(org.admin.email)
    _erase(client, zelda.id)
    newcomer = make_person(org.oslo, email=EMAIL, name=NAME, employee_id=EMPLOYEE_ID)
    db.session.commit()
    assert newcomer.id != zelda.id
    assert db.session.scalar(sa.select(Completion.id).where(Completion.person_id == newcomer.id)) is None


def test_figures_now_and_in_the_past_do_not_change(org):
    """A leaver's completions count in past figures; erasing them changes no figure, past or present."""
    clock.set_clock(lambda: NOW)
    module = make_module(title="Basics", published_at=NOW - timedelta(days=400), grace_days=30)
    leaver = make_person(org.stockholm, email="leaver@example.com", name="Lea Leaver")
    for days in (300, 20):
        record_completion(leaver, module, method=Method.QUIZ, completed_at=NOW - timedelta(days=days))
    record_completion(org.employee, module, method=Method.QUIZ, completed_at=NOW - timedelta(days=10))
    take(NOW - timedelta(days=5))  # a snapshot while she still worked here
    org_services.deactivate(leaver, actor=org.admin, now=NOW - timedelta(days=1))
    take(NOW)
    db.session.commit()
    past = NOW - timedelta(days=100)

    def figures():
        return (
            figures_now(NOW),
            figures_now(past, standing_on(past)),
            db.session.execute(sa.select(CoverageSnapshot.__table__).order_by("day", "office_id")).all(),
            db.session.execute(sa.select(CoverageTrend.__table__).order_by("scope", "key", "day")).all(),
            db.session.scalar(sa.select(sa.func.count()).select_from(Completion)),
        )

    before = figures()
    services.erase(leaver, actor=org.admin, now=NOW)
    db.session.commit()
    take(NOW)  # the hourly snapshot runs again after the erasure
    db.session.commit()
    assert figures() == before
    assert columns_holding("Lea Leaver", "leaver@example.com") == []


def test_the_confirmation_says_what_happens_and_an_unticked_box_changes_nothing(client, org, zelda):
    client.login(org.admin.email)
    page = client.get(f"/admin/people/{zelda.id}").get_data(as_text=True)
    assert f'href="/admin/people/{zelda.id}/erase"' in page
    page = client.get(f"/admin/people/{zelda.id}/erase").get_data(as_text=True)
    assert f"Erase {NAME}?" in page
    assert f"erased-{zelda.id}" in page and "certificates no longer verify" in page
    response = _erase(client, zelda.id, confirm=False)
    assert response.status_code == 200
    assert "Tick the box to confirm that this cannot be undone." in response.get_data(as_text=True)
    assert db.session.get(Person, zelda.id).name == NAME


def test_the_erased_persons_page_says_so_and_offers_no_changes(client, org, zelda):
    client.login(org.admin.email)
    _erase(client, zelda.id)
    page = client.get(f"/admin/people/{zelda.id}").get_data(as_text=True)
    assert "This person has been erased" in page
    assert "Reactivate" not in page and 'name="name"' not in page
    response = client.post_form(f"/admin/people/{zelda.id}/reactivate")
    assert response.status_code == 302
    assert db.session.get(Person, zelda.id).active is False
    again = client.get(f"/admin/people/{zelda.id}/erase").get_data(as_text=True)
    assert "This person was erased on" in again
    listed = client.get("/admin/people?status=inactive").get_data(as_text=True)
    assert f">erased-{zelda.id}</a>" in listed and '<span class="badge">Erased</span>' in listed


def test_an_administrator_cannot_erase_themselves(client, org):
    client.login(org.admin.email)
    page = _erase(client, org.admin.id).get_data(as_text=True)
    assert "You cannot erase yourself." in page
    assert db.session.get(Person, org.admin.id).name == "Alva Admin"


def test_the_last_administrator_is_never_erased(org):
    with pytest.raises(org_services.OrgError, match="no active administrator"):
        services.erase(org.admin, actor=None, now=NOW)


def test_an_active_person_is_deactivated_by_erasure(client, org):
    client.login(org.admin.email)
    _erase(client, org.colleague_in_oslo.id)
    person = db.session.get(Person, org.colleague_in_oslo.id)
    assert (person.active, person.deactivated_at is not None, person.erased_at is not None) == (
        False,
        True,
        True,
    )


def test_two_erasures_at_once_erase_once(app, org, zelda):
    """PostgreSQL: the row lock; SQLite: its one write lock. The second finds the person erased."""
    barrier, outcomes = threading.Barrier(2, timeout=30), []
    admin_id, person_id = org.admin.id, zelda.id  # read here: the test's objects belong to its session

    def run():
        with app.app_context():
            try:
                admin = db.session.get(Person, admin_id)
                person = db.session.get(Person, person_id)
                barrier.wait()
                services.erase(person, actor=admin, now=NOW)
                db.session.commit()
                outcomes.append("erased")
            except org_services.OrgError as error:
                db.session.rollback()
                outcomes.append(str(error.message))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["This person has been erased and can no longer be changed.", "erased"]
    erased = sa.select(sa.func.count()).where(AuditEvent.action == "person.erased")
    assert db.session.scalar(erased) == 1
