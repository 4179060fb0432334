"""The message on the wire: no name or subject can add a header or a recipient."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from ambassador.db import db
from ambassador.mail import delivery
from ambassador.mail.models import OutboxMessage, Outgoing, State
from ambassador.mail.smtp import SendFailure, build
from tests.factories import make_person
from tests.mail.conftest import queue_reset

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _outgoing(**values) -> Outgoing:
    fields = {
        "id": 1,
        "key": "k",
        "kind": "test",
        "person_id": None,
        "to_address": "eve@example.com",
        "to_name": "Eve",
        "subject": "Hello",
        "text_body": "Hi",
        "html_body": None,
        "message_id": "<1@example.com>",
        "attempts": 1,
    }
    return Outgoing(**{**fields, **values})


@pytest.mark.parametrize(
    "values",
    [
        {"subject": "Hello\r\nBcc: victim@evil.example"},
        {"subject": "Hello\nBcc: victim@evil.example"},
        {"to_name": "Eve\r\nBcc: victim@evil.example"},
        {"to_address": "eve@example.com\r\nBcc: victim@evil.example"},
    ],
)
def test_a_line_break_in_a_header_is_refused(values):
    with pytest.raises(SendFailure) as refused:
        build(_outgoing(**values), "Ambassador <no-reply@example.com>", NOW)
    assert refused.value.permanent
    assert "cannot be written" in refused.value.reason


def test_a_stored_subject_with_a_line_break_fails_that_message_and_adds_no_recipient(
    app, org, smtp_server, movable_clock
):
    """Even a row written around `queue` (which makes headers one line) cannot inject a Bcc."""
    other = make_person(org.stockholm, email="other@example.com")
    injected = queue_reset(org.employee, "injected", movable_clock.now)
    queue_reset(other, "fine", movable_clock.now)
    injected.subject = "Reset\r\nBcc: victim@evil.example"
    db.session.commit()
    report = delivery.deliver()
    assert (report.sent, report.failed) == (1, 1)
    (received,) = smtp_server.received
    assert received.rcpt_tos == ["other@example.com"] and "Bcc" not in received.message
    db.session.expire_all()
    failed = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.key == "injected"))
    assert failed.state == State.FAILED and "linefeed or carriage return" in failed.last_error


def test_a_name_with_a_line_break_reaches_only_its_person(app, org, smtp_server, movable_clock):
    org.employee.name = "Eve\r\nBcc: victim@evil.example"
    queue_reset(org.employee, "k", movable_clock.now)
    db.session.commit()
    assert delivery.deliver().sent == 1
    (received,) = smtp_server.received
    assert received.rcpt_tos == [org.employee.email]
    assert "Bcc" not in received.message
    assert received.message["To"].addresses[0].display_name == "Eve Bcc: victim@evil.example"


def test_a_non_ascii_name_and_subject_are_encoded(app, org, smtp_server, movable_clock):
    org.employee.name = "Åsa Öberg"
    org.employee.language = "sv"
    queue_reset(org.employee, "k", movable_clock.now)
    db.session.commit()
    delivery.deliver()
    (received,) = smtp_server.received
    assert received.message["To"].addresses[0].display_name == "Åsa Öberg"
    assert received.message["Subject"] == "Välj ett nytt lösenord för Ambassador"
    assert "Hej Åsa Öberg" in received.part("plain")
