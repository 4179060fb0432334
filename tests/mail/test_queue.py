"""Queueing: rendered at once in the person's language, once per key, even under parallel requests."""

import threading
from datetime import timedelta

import sqlalchemy as sa

from ambassador.db import db
from ambassador.mail.models import OutboxMessage, State
from ambassador.mail.services import render
from ambassador.org.models import Person
from tests.mail.conftest import queue_reset


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))


def test_a_message_is_rendered_in_the_persons_language_when_queued(app, org, now):
    org.employee.language = "sv"
    message = queue_reset(org.employee, "k1", now)
    assert message.state == State.QUEUED and message.kind == "password_reset"
    assert (message.to_address, message.to_name, message.language) == (
        org.employee.email,
        org.employee.name,
        "sv",
    )
    assert message.subject == "Välj ett nytt lösenord för Ambassador"
    assert "Hej" in message.text_body and "https://ambassador.test/auth/reset/abc" in message.text_body
    assert '<html lang="sv">' in message.html_body and "Välj ett nytt lösenord" in message.html_body
    assert message.next_try_at == now and message.attempts == 0
    assert message.message_id.startswith("<") and message.message_id.endswith("@example.com>")


def test_the_office_language_is_used_when_the_person_has_none(app, org, now):
    org.oslo.language = "sv"
    org.colleague_in_oslo.language = None
    assert queue_reset(org.colleague_in_oslo, "k", now).language == "sv"


def test_queueing_the_same_key_twice_is_a_no_op(app, org, now):
    assert queue_reset(org.employee, "same", now) is not None
    assert queue_reset(org.employee, "same", now + timedelta(minutes=5)) is None
    db.session.commit()
    assert _count() == 1


def test_a_name_is_escaped_in_the_html_and_one_line_in_headers(app, org, now):
    org.employee.name = "Eve <script>alert(1)</script>\r\nBcc: x@evil.example"
    message = queue_reset(org.employee, "k", now)
    assert "<script>" not in message.html_body and "&lt;script&gt;" in message.html_body
    assert message.to_name == "Eve <script>alert(1)</script> Bcc: x@evil.example"


def test_a_message_renders_outside_any_request(app, org, now):
    """Jobs (reminders) queue mail with no request and nobody signed in."""
    subject, text, html = render("password_reset", org.employee, {"link": "https://x.test/r", "minutes": 5})
    assert subject == "Set a new password for Ambassador" and "https://x.test/r" in text and html


def test_send_after_sets_the_first_try(app, org, now):
    later = now + timedelta(days=1)
    assert queue_reset(org.employee, "k", now, send_after=later).next_try_at == later


def test_the_caller_commits_the_message_with_its_decision(app, org, now):
    queue_reset(org.employee, "k", now)
    db.session.rollback()
    assert _count() == 0


def test_parallel_requests_queue_one_message(app, org, now):
    person_id = org.employee.id  # read here: the test's session is not for other threads
    db.session.commit()
    barrier = threading.Barrier(4, timeout=30)
    results: list[bool] = []
    errors: list[BaseException] = []

    def request() -> None:
        with app.app_context():
            try:
                person = db.session.get(Person, person_id)
                barrier.wait()
                results.append(queue_reset(person, "double-click", now) is not None)
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert _count() == 1
