"""Sessions end for real: idle timeout, remember-me, password change, deactivation."""

from datetime import timedelta

import sqlalchemy as sa

from ambassador import clock
from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.org import services as org_services
from tests.factories import PASSWORD


class Clock:
    """A clock the test moves forward by hand."""

    def __init__(self):
        self.now = utcnow()
        clock.set_clock(lambda: self.now)

    def advance(self, **delta):
        self.now += timedelta(**delta)


def test_an_idle_session_expires_after_30_minutes(client, org):
    moving = Clock()
    client.login(org.employee.email)
    moving.advance(minutes=20)
    assert client.get("/training").status_code == 200  # activity slides the deadline
    moving.advance(minutes=29)
    assert client.get("/training").status_code == 200
    moving.advance(minutes=31)
    assert client.get("/training").status_code == 302


def test_remember_me_lasts_days_not_a_year(client, org, app, now):
    moving = Clock()  # starts at the fixed `now`, a whole second, so the cookie's expiry is exact
    client.login(org.employee.email, remember=True)
    cookie = client.get_cookie("session")
    assert cookie.expires == now + timedelta(days=app.config["REMEMBER_DAYS"])
    moving.advance(days=3)
    assert client.get("/training").status_code == 200
    moving.advance(days=app.config["REMEMBER_DAYS"])
    assert client.get("/training").status_code == 302


def test_a_session_without_remember_me_is_a_browser_session_cookie(client, org):
    client.login(org.employee.email)
    assert client.get_cookie("session").expires is None


def test_changing_the_password_ends_other_sessions(client, make_client, org):
    client.login(org.employee.email)
    laptop = make_client()
    laptop.login(org.employee.email)
    copied = client.get_cookie("session").value
    response = client.post_form(
        "/auth/password",
        {"current": PASSWORD, "password": "a brand new secret", "confirm": "a brand new secret"},
    )
    assert response.status_code == 302
    assert client.get("/training").status_code == 200  # this browser stays signed in
    assert laptop.get("/training").status_code == 302  # the other device is out
    thief = make_client()
    thief.set_cookie("session", copied)
    assert thief.get("/training").status_code == 302  # the old cookie is dead
    client.logout()
    assert client.login(org.employee.email, "a brand new secret").status_code == 302


def test_changing_the_password_needs_the_current_one(client, org):
    client.login(org.employee.email)
    page = client.post_form(
        "/auth/password",
        {"current": "wrong one", "password": "a brand new secret", "confirm": "a brand new secret"},
    ).get_data(as_text=True)
    assert "The current password is incorrect." in page
    client.logout()
    assert client.login(org.employee.email).status_code == 302  # old password still works


def test_a_short_or_mismatched_new_password_is_refused(client, org):
    client.login(org.employee.email)
    short = client.post_form("/auth/password", {"current": PASSWORD, "password": "short", "confirm": "short"})
    assert "Use at least 10 characters." in short.get_data(as_text=True)
    mismatch = client.post_form(
        "/auth/password", {"current": PASSWORD, "password": "long enough one", "confirm": "long enough two"}
    )
    assert "The passwords do not match." in mismatch.get_data(as_text=True)


def test_deactivation_ends_the_session(client, org, now):
    client.login(org.employee.email)
    assert client.get("/training").status_code == 200
    org_services.deactivate(org.employee, actor=org.admin, now=now)
    db.session.commit()
    assert client.get("/training").status_code == 302


def test_a_request_finds_its_session_and_person_in_one_indexed_statement(org, now):
    from ambassador.auth import services

    token = services.start_session(org.employee, False, timedelta(minutes=30), now)
    db.session.commit()
    db.session.expire_all()
    statements = []

    def keep(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", keep)
    try:
        row = services.find_session(token, now)
        assert row.person.office.name == "Stockholm"
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", keep)
    assert len(statements) == 1
    # An outer join around (person JOIN office) makes SQLite scan every person: 100 ms at 100,000.
    assert "LEFT OUTER JOIN" not in statements[0]
