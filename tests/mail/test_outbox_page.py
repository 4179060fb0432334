"""The outbox page: administrators filter, read each message as it is received, and retry a failed one."""

import sqlalchemy as sa
from markupsafe import escape

from ambassador.audit.models import AuditEvent
from ambassador.db import db
from ambassador.mail.models import OutboxMessage, State
from tests.factories import make_person
from tests.mail.conftest import queue_reset


def _message(
    org, key: str, now, state=State.QUEUED, error=None, kind="password_reset", **person
) -> OutboxMessage:
    message = queue_reset(make_person(org.stockholm, **person), key, now)
    message.state, message.last_error, message.kind = state, error, kind
    if state == State.FAILED:
        message.attempts = 8
    if state == State.SENT:
        message.attempts, message.sent_at = 1, now
    return message


def test_filter_by_state_and_kind(client, org, now):
    _message(org, "a", now, State.SENT, name="Sent Sara")
    _message(org, "b", now, State.FAILED, "Recipient refused: 550 5.1.1 No such user", name="Failed Fred")
    _message(org, "c", now, State.QUEUED, kind="reminder", name="Queued Quinn")
    client.login(org.admin.email)
    everything = client.get("/admin/mail").get_data(as_text=True)
    assert all(name in everything for name in ("Sent Sara", "Failed Fred", "Queued Quinn"))
    failed = client.get("/admin/mail?state=failed").get_data(as_text=True)
    assert "Failed Fred" in failed and "Sent Sara" not in failed
    assert "550 5.1.1 No such user" in failed  # the error is on the list
    reminders = client.get("/admin/mail?kind=reminder").get_data(as_text=True)
    assert "Queued Quinn" in reminders and "Failed Fred" not in reminders
    assert '<option value="reminder" selected>' in reminders
    nonsense = client.get("/admin/mail?state=<b>&kind=nope&page=x")
    assert nonsense.status_code == 200 and "Sent Sara" in nonsense.get_data(as_text=True)


def test_the_page_says_when_nothing_is_emailed(client, org, app, smtp_server):
    client.login(org.admin.email)
    assert "nothing is emailed" not in client.get("/admin/mail").get_data(as_text=True)
    app.config["SMTP_HOST"] = ""
    assert "nothing is emailed" in client.get("/admin/mail").get_data(as_text=True)


def test_the_page_is_in_swedish(client, org, now):
    _message(org, "b", now, State.FAILED, "boom")
    org.admin.language = "sv"
    client.login(org.admin.email)
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "Utkorg" in page and "Misslyckat" in page and "Nytt lösenord" in page


def test_a_message_shows_its_text_and_its_html_in_a_sandbox(client, org, now):
    message = _message(org, "a", now, State.FAILED, "Recipient refused: 550 No such user")
    client.login(org.admin.email)
    page = client.get(f"/admin/mail/{message.id}").get_data(as_text=True)
    assert "Recipient refused: 550 No such user" in page and str(escape(message.message_id)) in page
    assert f'<iframe class="mail-html" sandbox src="/admin/mail/{message.id}/html"' in page
    assert '<a href="https://ambassador.test/auth/reset/abc">' in page  # the text, with our links live
    html = client.get(f"/admin/mail/{message.id}/html")
    assert html.status_code == 200 and html.mimetype == "text/html"
    assert html.get_data(as_text=True) == message.html_body
    csp = html.headers["Content-Security-Policy"]
    assert "sandbox" in csp and "default-src 'none'" in csp and "frame-ancestors 'self'" in csp
    assert "script-src" not in csp and html.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_a_text_only_message_has_no_html_to_frame(client, org, now):
    message = _message(org, "a", now)
    message.html_body = None
    client.login(org.admin.email)
    assert "This message is text only." in client.get(f"/admin/mail/{message.id}").get_data(as_text=True)
    assert client.get(f"/admin/mail/{message.id}/html").status_code == 404
    assert client.get("/admin/mail/999999").status_code == 404


def test_retrying_a_failed_message_queues_it_again_and_is_audited(client, org, now):
    message = _message(org, "a", now, State.FAILED, "Recipient refused: 550 No such user")
    client.login(org.admin.email)
    response = client.post_form(f"/admin/mail/{message.id}/retry", follow_redirects=True)
    assert "will be sent again" in response.get_data(as_text=True)
    db.session.refresh(message)
    assert (message.state, message.attempts, message.next_try_at) == (State.QUEUED, 0, now)
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "mail.retried"))
    assert event.actor_id == org.admin.id and event.subject_id == message.person_id
    assert event.changes == {"state": ["failed", "queued"], "attempts": [8, 0]}
    assert "Failed email retried" in client.get("/admin/audit").get_data(as_text=True)
    assert message.to_address in event.summary


def test_only_a_failed_message_can_be_retried(client, org, now):
    message = _message(org, "a", now, State.SENT)
    client.login(org.admin.email)
    response = client.post_form(f"/admin/mail/{message.id}/retry", follow_redirects=True)
    assert "Only a failed message can be retried." in response.get_data(as_text=True)
    db.session.refresh(message)
    assert message.state == State.SENT
    assert db.session.scalars(sa.select(AuditEvent.action)).all() == ["auth.signed_in"]


def test_a_retry_without_a_csrf_token_changes_nothing(client, org, now):
    message = _message(org, "a", now, State.FAILED, "boom")
    client.login(org.admin.email)
    assert client.post(f"/admin/mail/{message.id}/retry").status_code == 400
    db.session.refresh(message)
    assert message.state == State.FAILED
