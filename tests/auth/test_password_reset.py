"""Forgotten passwords: an emailed, expiring, single-use link."""

import re
from datetime import timedelta

import sqlalchemy as sa

from ambassador import clock, create_app
from ambassador.auth import services
from ambassador.db import db
from ambassador.mail import delivery
from ambassador.mail.models import OutboxMessage
from tests.conftest import BASE_URL, CSRF_RE, Client
from tests.factories import PASSWORD

LINK = re.compile(re.escape(BASE_URL) + r"(/auth/reset/[\w-]+)")


def _request_link(client, email: str, **kwargs) -> str | None:
    """Ask for a reset link and return its path from the newest mail, if any was written."""
    data = {"email": email, **kwargs.pop("data", {})}
    response = client.post_form("/auth/forgot", data, **kwargs)
    assert response.status_code == 302
    message = db.session.scalar(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()))
    return LINK.search(message.text_body).group(1) if message else None


def test_the_link_sets_a_new_password_once(client, make_client, org):
    other_device = make_client()
    other_device.login(org.employee.email)
    path = _request_link(client, org.employee.email)
    assert client.get(path).status_code == 200
    response = client.post_form(path, {"password": "my new password", "confirm": "my new password"})
    assert response.location == "/auth/login"
    assert other_device.get("/training").status_code == 302  # every session ended
    assert client.login(org.employee.email, "my new password").status_code == 302
    client.logout()
    assert client.get(path).status_code == 400  # used once, dead now
    again = client.post_form(path, {"password": "another password", "confirm": "another password"})
    assert again.status_code == 400


def test_the_mail_is_in_the_persons_language_and_shown_to_admins(client, org):
    org.employee.language = "sv"
    db.session.commit()
    _request_link(client, org.employee.email)
    message = db.session.scalar(sa.select(OutboxMessage))
    assert message.to_address == org.employee.email
    assert message.subject == "Välj ett nytt lösenord för Ambassador"
    client.login(org.admin.email)
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "Välj ett nytt lösenord för Ambassador" in page


def test_the_mail_reaches_the_person_over_smtp_in_their_language_with_a_working_link(
    client, org, smtp_server
):
    org.employee.language = "sv"
    db.session.commit()
    path = _request_link(client, org.employee.email)
    assert delivery.deliver().sent == 1
    (received,) = smtp_server.received
    assert received.rcpt_tos == [org.employee.email]
    (to,) = received.message["To"].addresses
    assert (to.addr_spec, to.display_name) == (org.employee.email, org.employee.name)
    assert received.message["Subject"] == "Välj ett nytt lösenord för Ambassador"
    text, html = received.part("plain"), received.part("html")
    assert f"Hej {org.employee.name}!" in text and f"{BASE_URL}{path}" in text.split()
    assert f'href="{BASE_URL}{path}"' in html and '<html lang="sv">' in html
    assert "Välj ett nytt lösenord</a>" in html
    assert client.get(path).status_code == 200


def test_the_link_expires(client, org, app):
    path = _request_link(client, org.employee.email)
    later = clock.utcnow() + timedelta(minutes=app.config["PASSWORD_RESET_MINUTES"] + 1)
    clock.set_clock(lambda: later)
    assert client.get(path).status_code == 400


def test_unknown_and_deactivated_emails_get_the_same_answer_and_no_mail(client, org):
    org.colleague_in_oslo.active = False
    db.session.commit()
    for email in ("nobody@example.com", org.colleague_in_oslo.email):
        response = client.post_form("/auth/forgot", {"email": email}, follow_redirects=True)
        assert "If that email belongs to an account" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_a_made_up_token_is_refused(client, org):
    assert client.get("/auth/reset/not-a-real-token").status_code == 400


def test_at_most_three_links_an_hour_reach_one_person(client, org):
    for _ in range(5):
        client.post_form("/auth/forgot", {"email": org.employee.email})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 3


def test_the_link_is_on_base_url_whatever_host_the_request_names(client, org):
    evil = {"Host": "evil.example"}
    form = client.get("/auth/forgot", headers=evil).get_data(as_text=True)
    token = CSRF_RE.search(form).group(1)
    path = _request_link(client, org.employee.email, headers=evil, data={"csrf_token": token})
    body = db.session.scalar(sa.select(OutboxMessage.text_body))
    assert f"{BASE_URL}{path}" in body
    assert "evil.example" not in body


def test_without_base_url_development_links_to_its_own_port_not_the_host(client, org, app, monkeypatch):
    """`make run` sets no BASE_URL: links go to http://127.0.0.1:$PORT, never to the Host header."""
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.setenv("PORT", "8123")
    local = create_app(
        {
            "AMBASSADOR_ENV": "development",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": "x",
            "PASSWORD_HASH_METHOD": app.config["PASSWORD_HASH_METHOD"],
        }
    )
    local.test_client_class = Client
    browser = local.test_client()
    evil = {"Host": "evil.example"}
    try:
        token = CSRF_RE.search(browser.get("/auth/forgot", headers=evil).get_data(as_text=True)).group(1)
        browser.post("/auth/forgot", data={"email": org.employee.email, "csrf_token": token}, headers=evil)
    finally:
        with local.app_context():
            db.engine.dispose()
    body = db.session.scalar(sa.select(OutboxMessage.text_body))
    assert "http://127.0.0.1:8123/auth/reset/" in body and "evil.example" not in body


def test_a_password_change_spends_every_open_reset_link(client, make_client, org):
    first = _request_link(client, org.employee.email)
    second = _request_link(client, org.employee.email)
    owner = make_client()
    owner.login(org.employee.email)
    changed = owner.post_form(
        "/auth/password",
        {"current": PASSWORD, "password": "a brand new secret", "confirm": "a brand new secret"},
    )
    assert changed.status_code == 302
    for path in (first, second):
        assert client.get(path).status_code == 400
        refused = client.post_form(path, {"password": "the thief's choice", "confirm": "the thief's choice"})
        assert refused.status_code == 400
    assert client.login(org.employee.email, "a brand new secret").status_code == 302


def test_a_reset_spends_the_other_open_links(client, org):
    first = _request_link(client, org.employee.email)
    second = _request_link(client, org.employee.email)
    client.post_form(second, {"password": "my new password", "confirm": "my new password"})
    assert client.get(first).status_code == 400


def _spy_on_the_work(monkeypatch, count_statements):
    """Record the tokens hashed and the SELECT statements run while a reset is asked for."""
    hashed: list[str] = []
    real = services.hash_token
    monkeypatch.setattr(services, "hash_token", lambda token: hashed.append(token) or real(token))
    selects: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    return hashed, selects, record


def test_an_unknown_email_costs_the_same_work_as_a_known_one(client, org, monkeypatch, count_statements):
    """The answer must not come measurably sooner for an email that belongs to nobody."""
    org.colleague_in_oslo.active = False
    db.session.commit()
    client.csrf_token()  # the session cookie exists before the measured requests
    work = {}
    for email in (org.employee.email, "nobody@example.com", org.colleague_in_oslo.email):
        hashed, selects, record = _spy_on_the_work(monkeypatch, count_statements)
        sa.event.listen(db.engine, "before_cursor_execute", record)
        try:
            client.post_form("/auth/forgot", {"email": email})
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", record)
        assert len(hashed) == 1 and len(hashed[0]) >= 43  # a real token was made and hashed
        work[email] = selects
    known, *unknown = work.values()
    assert all(selects == known for selects in unknown)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1


def _message_page(client) -> str:
    """The outbox's page of the newest message, as an administrator sees it."""
    message_id = db.session.scalar(sa.select(sa.func.max(OutboxMessage.id)))
    return client.get(f"/admin/mail/{message_id}").get_data(as_text=True)


def test_the_outbox_page_links_the_reset_link(client, org):
    path = _request_link(client, org.employee.email)
    client.login(org.admin.email)
    page = _message_page(client)
    assert f'<a href="{BASE_URL}{path}">{BASE_URL}{path}</a>' in page


def test_the_outbox_page_links_only_this_sites_addresses(client, org):
    org.employee.name = 'Eve <b>https://evil.example/x</b> "q"'
    db.session.commit()
    path = _request_link(client, org.employee.email)
    client.login(org.admin.email)
    page = _message_page(client)
    assert 'href="https://evil.example' not in page and "<b>" not in page
    assert "Eve &lt;b&gt;https://evil.example/x&lt;/b&gt; &#34;q&#34;" in page
    assert f'<a href="{BASE_URL}{path}">' in page
