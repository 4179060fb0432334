"""The message on the wire: no name or subject can add a header or a recipient."""

import shutil
import ssl
import subprocess
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from aiosmtpd.smtp import AuthResult, LoginPassword

from ambassador.db import db
from ambassador.mail import delivery
from ambassador.mail.models import OutboxMessage, Outgoing, State
from ambassador.mail.smtp import SendFailure, build
from tests.factories import make_person
from tests.mail.conftest import queue_reset
from tests.smtp import SmtpServer

SMTP_SETTINGS = ("SMTP_HOST", "SMTP_PORT", "SMTP_SECURITY", "SMTP_USERNAME", "SMTP_PASSWORD")

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


def test_an_address_with_a_non_ascii_local_part_is_sent_with_smtputf8(app, org, movable_clock):
    org.employee.email = "maría.garcía@example.com"
    queue_reset(org.employee, "k", movable_clock.now)
    db.session.commit()
    with _server(app, enable_SMTPUTF8=True) as server:
        assert delivery.deliver().sent == 1
    (received,) = server.received
    # aiosmtpd hands the envelope over as the bytes on the wire, decoded with surrogateescape.
    assert [to.encode(errors="surrogateescape").decode() for to in received.rcpt_tos] == [
        "maría.garcía@example.com"
    ]
    assert "To: Elin Employee <maría.garcía@example.com>".encode() in bytes(received.message)


def test_a_server_without_smtputf8_fails_such_an_address_clearly_and_sends_the_rest(app, org, movable_clock):
    org.employee.email = "maría.garcía@example.com"
    queue_reset(org.employee, "k", movable_clock.now)
    queue_reset(org.coordinator, "other", movable_clock.now)
    db.session.commit()
    with _server(app, enable_SMTPUTF8=False) as server:
        report = delivery.deliver()
    assert (report.sent, report.failed) == (1, 1)
    assert [r.rcpt_tos for r in server.received] == [[org.coordinator.email]]
    failed = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.key == "k"))
    assert failed.state == State.FAILED and "SMTPUTF8" in failed.last_error


@contextmanager
def _server(app, **options):
    """A server with aiosmtpd `options`, and the app's SMTP_* settings pointing at it."""
    server = SmtpServer(**options)
    server.start()
    saved = {name: app.config[name] for name in SMTP_SETTINGS}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port)
    try:
        yield server
    finally:
        app.config.update(saved)
        server.stop()


def _only_ambassador_secret(server, session, envelope, mechanism, auth_data):
    """Accept one user name and password."""
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"ambassador",
        b"secret",
    )
    return AuthResult(success=ok, handled=False)


@pytest.mark.parametrize(("password", "sent"), [("secret", True), ("wrong", False)])
def test_it_signs_in_with_smtp_username_and_password(app, org, movable_clock, password, sent):
    queue_reset(org.employee, "k", movable_clock.now)
    db.session.commit()
    options = {"authenticator": _only_ambassador_secret, "auth_require_tls": False}
    with _server(app, **options) as server:
        app.config.update(SMTP_USERNAME="ambassador", SMTP_PASSWORD=password)
        report = delivery.deliver()
    assert (report.sent, report.retrying) == ((1, 0) if sent else (0, 1))
    assert len(server.received) == (1 if sent else 0)
    if not sent:
        error = db.session.scalar(sa.select(OutboxMessage.last_error))
        assert "refused SMTP_USERNAME/SMTP_PASSWORD: 535" in error


@pytest.mark.skipif(not shutil.which("openssl"), reason="needs the openssl command to make a certificate")
def test_starttls_refuses_a_certificate_it_cannot_verify(app, org, movable_clock, tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            key,
            "-out",
            cert,
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    queue_reset(org.employee, "k", movable_clock.now)
    db.session.commit()
    with _server(app, tls_context=context, require_starttls=True) as server:
        app.config["SMTP_SECURITY"] = "starttls"
        report = delivery.deliver()
    assert report.retrying == 1 and server.received == []
    assert "certificate verify failed" in db.session.scalar(sa.select(OutboxMessage.last_error))
