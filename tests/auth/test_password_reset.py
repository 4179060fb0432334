"""Forgotten passwords: an emailed, expiring, single-use link."""

import re
from datetime import timedelta

import sqlalchemy as sa

from ambassador import clock
from ambassador.db import db
from ambassador.mail.models import MailMessage

LINK = re.compile(r"http://localhost(/auth/reset/[\w-]+)")


def _request_link(client, email: str) -> str | None:
    """Ask for a reset link and return its path from the newest mail, if any was written."""
    response = client.post_form("/auth/forgot", {"email": email})
    assert response.status_code == 302
    message = db.session.scalar(sa.select(MailMessage).order_by(MailMessage.id.desc()))
    return LINK.search(message.body).group(1) if message else None


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
    message = db.session.scalar(sa.select(MailMessage))
    assert message.to_address == org.employee.email
    assert message.subject == "Välj ett nytt lösenord för Ambassador"
    client.login(org.admin.email)
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "Välj ett nytt lösenord för Ambassador" in page


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
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MailMessage)) == 0


def test_a_made_up_token_is_refused(client, org):
    assert client.get("/auth/reset/not-a-real-token").status_code == 400


def test_at_most_three_links_an_hour_reach_one_person(client, org):
    for _ in range(5):
        client.post_form("/auth/forgot", {"email": org.employee.email})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MailMessage)) == 3
