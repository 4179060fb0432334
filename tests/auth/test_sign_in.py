"""Signing in and out, and what a sign-in lands on."""

from datetime import timedelta

import pytest

from ambassador import clock, create_app
from ambassador.config import ConfigError
from ambassador.db import db
from tests.conftest import Client
from tests.factories import PASSWORD

HOMES = {
    "employee": "/training",
    "ambassador": "/my-offices",
    "coordinator": "/reports",
    "admin": "/admin/people",
}


@pytest.mark.parametrize("role", HOMES)
def test_each_role_lands_on_its_home(client, org, role):
    response = client.login(org.by_role(role).email)
    assert response.status_code == 302
    assert client.get(response.location).location.endswith(HOMES[role])


def test_wrong_password_and_unknown_email_get_the_same_message(client, org):
    wrong = client.login(org.employee.email, "not the password").get_data(as_text=True)
    unknown = client.login("nobody@example.com", "not the password").get_data(as_text=True)
    message = "The email or password is incorrect."
    assert message in wrong and message in unknown
    assert client.get("/training").status_code == 302  # still signed out


def test_email_is_matched_ignoring_case_and_spaces(client, org):
    assert client.login("  EMPLOYEE@Example.com ").status_code == 302


def test_deactivated_person_cannot_sign_in(client, org):
    org.employee.active = False
    db.session.commit()
    page = client.login(org.employee.email).get_data(as_text=True)
    assert "The email or password is incorrect." in page


def test_sign_out_is_a_post_with_csrf(client, org):
    client.login(org.employee.email)
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 400  # no CSRF token
    assert client.get("/training").status_code == 200
    client.logout()
    assert client.get("/training").status_code == 302


def test_a_copied_cookie_stops_working_after_sign_out(client, make_client, org):
    client.login(org.employee.email)
    stolen = client.get_cookie("session").value
    thief = make_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/training").status_code == 200
    client.logout()
    assert thief.get("/training").status_code == 302


def test_every_sign_in_starts_a_new_session(client, org):
    client.get("/auth/login")
    before = client.get_cookie("session").value
    client.login(org.employee.email)
    first = client.get_cookie("session").value
    client.logout()
    client.login(org.employee.email)
    assert len({before, first, client.get_cookie("session").value}) == 3


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/admin/people", "/admin/people"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_never_leads_off_site(client, org, target, expected):
    token = client.csrf_token()
    response = client.post(
        "/auth/login",
        data={"email": org.admin.email, "password": PASSWORD, "next": target, "csrf_token": token},
    )
    assert response.location == expected


def test_login_page_carries_next_through_the_form(client, org):
    redirected = client.get("/offices")
    assert redirected.status_code == 302 and "next=" in redirected.location
    page = client.get(redirected.location).get_data(as_text=True)
    assert 'value="/offices"' in page


def test_cookies_are_httponly_and_lax(client, org):
    client.login(org.employee.email)
    cookie = client.get_cookie("session")
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_cookies_are_secure_outside_local_development(app):
    production = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": "x",
            "BASE_URL": "https://ambassador.example.com",
        }
    )
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_SECURE"] is False  # tests run over plain HTTP


def test_failures_are_slowed_per_account(client, org, app):
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        client.login(org.employee.email, "wrong password")
    page = client.login(org.employee.email).get_data(as_text=True)  # right password, too late
    assert "Too many failed attempts" in page
    assert client.get("/training").status_code == 302


def test_the_limit_holds_across_worker_processes(client, org, app):
    """A second app on the same database (another gunicorn worker) sees the same failures."""
    second_app = create_app(dict(app.config))
    second_app.test_client_class = Client
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        client.login(org.employee.email, "wrong password")
    try:
        page = second_app.test_client().login(org.employee.email).get_data(as_text=True)
    finally:
        with second_app.app_context():
            db.engine.dispose()
    assert "Too many failed attempts" in page


def test_failures_are_slowed_per_address(client, org, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES_PER_ADDRESS", 3)
    for n in range(3):
        client.login(f"guess{n}@example.com", "wrong password")
    page = client.login(org.employee.email).get_data(as_text=True)
    assert "Too many failed attempts" in page


def test_a_success_clears_the_account_failures(client, org, app):
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit - 1):
        client.login(org.employee.email, "wrong password")
    assert client.login(org.employee.email).status_code == 302
    client.logout()
    client.login(org.employee.email, "wrong password")
    assert client.login(org.employee.email).status_code == 302


def _production_app(app, **config):
    """A production app (not a test one) on the test database."""
    return create_app(
        {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "x", **config}
    )


def test_production_refuses_to_start_without_base_url(app, monkeypatch):
    monkeypatch.delenv("BASE_URL", raising=False)
    with pytest.raises(ConfigError, match="BASE_URL is not set"):
        _production_app(app)
    with pytest.raises(ConfigError, match="BASE_URL must look like"):
        _production_app(app, BASE_URL="ambassador.example.com")


def test_development_links_to_its_own_port(app, monkeypatch):
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    assert _production_app(app, AMBASSADOR_ENV="development").config["BASE_URL"] == "http://127.0.0.1:5000"
    monkeypatch.setenv("PORT", "8000")
    assert _production_app(app, AMBASSADOR_ENV="development").config["BASE_URL"] == "http://127.0.0.1:8000"


def _lock_out(attacker, email: str, app) -> None:
    """Someone else makes as many wrong guesses as the account allows."""
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        attacker.login(email, "a wrong guess")


def test_a_stranger_cannot_lock_the_owner_out_of_a_browser_they_used_before(
    client, make_client, org, app, now
):
    owner = client
    assert owner.login(org.employee.email).status_code == 302  # this browser is now known
    owner.logout()
    attacker = make_client()
    _lock_out(attacker, org.employee.email, app)
    refused = attacker.login(org.employee.email).get_data(as_text=True)  # even the right password
    assert "Too many failed attempts. Try again in 15 minutes." in refused
    assert owner.login(org.employee.email).status_code == 302
    assert owner.get("/training").status_code == 200
    new_phone = make_client()  # the owner's browser that never signed in waits like anyone else
    assert "Too many failed attempts" in new_phone.login(org.employee.email).get_data(as_text=True)


def test_the_refusal_shows_the_minutes_left(client, org, app, now):
    _lock_out(client, org.employee.email, app)
    clock.set_clock(lambda: now + timedelta(minutes=6, seconds=30))
    assert "Try again in 9 minutes." in client.login(org.employee.email).get_data(as_text=True)
    clock.set_clock(lambda: now + timedelta(minutes=14, seconds=1))
    assert "Try again in 1 minute." in client.login(org.employee.email).get_data(as_text=True)
    clock.set_clock(lambda: now + timedelta(minutes=15, seconds=1))
    assert client.login(org.employee.email).status_code == 302


def test_a_known_browser_is_still_limited_on_its_own(client, org, app, now):
    client.login(org.employee.email)
    client.logout()
    _lock_out(client, org.employee.email, app)
    assert "Too many failed attempts" in client.login(org.employee.email).get_data(as_text=True)


def test_a_browser_is_known_only_for_the_accounts_that_signed_in_there(client, make_client, org, app, now):
    client.login(org.ambassador.email)
    client.logout()
    _lock_out(make_client(), org.employee.email, app)
    assert "Too many failed attempts" in client.login(org.employee.email).get_data(as_text=True)


def test_a_forged_device_cookie_is_ignored(client, make_client, org, app, now):
    owner = make_client()
    owner.login(org.employee.email)
    genuine = owner.get_cookie("device", path="/auth/").value
    _lock_out(client, org.employee.email, app)
    for forged in (genuine[:-2] + "xx", "eyJkIjoiYSIsInAiOlsxXX0.forged.sig", "junk"):
        client.set_cookie("device", forged, path="/auth/")
        assert "Too many failed attempts" in client.login(org.employee.email).get_data(as_text=True)
