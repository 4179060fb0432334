"""PASSWORD_SIGNIN=off: everyone signs in with the company's provider; passwords are for administrators."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.security import check_password_hash

from ambassador.auth import services
from ambassador.auth.models import PasswordResetToken
from ambassador.db import db
from ambassador.org.models import Person
from tests.auth.test_password_reset import _request_link
from tests.conftest import configured
from tests.factories import PASSWORD

SIGN_IN_WITH_PASSWORD = "/auth/login?password=1"


@pytest.fixture
def passwords_off(app):
    """Company sign-in set up (the provider is never asked here) and passwords left to administrators."""
    settings = {
        "OIDC_ISSUER": "https://login.example.com",
        "OIDC_CLIENT_ID": "ambassador",
        "OIDC_CLIENT_SECRET": "secret",
        "OIDC_NAME": "Example ID",
        "PASSWORD_SIGNIN": "off",
    }
    with configured(app, settings):
        yield


def test_the_sign_in_page_offers_only_company_sign_in(client, passwords_off):
    page = client.get("/auth/login").get_data(as_text=True)
    assert "Sign in with Example ID" in page
    assert 'name="password"' not in page and "Forgot your password?" not in page
    assert f'href="{SIGN_IN_WITH_PASSWORD}"' in page and "Administrator sign-in" in page


def test_administrators_find_the_password_form_behind_a_link(client, passwords_off):
    page = client.get(SIGN_IN_WITH_PASSWORD).get_data(as_text=True)
    assert 'name="password"' in page and "Passwords are for administrators only" in page


def test_an_administrator_signs_in_with_a_password(client, org, passwords_off):
    data = {"email": org.admin.email, "password": PASSWORD}
    assert client.post_form(SIGN_IN_WITH_PASSWORD, data).status_code == 302
    assert client.get("/admin/people").status_code == 200


@pytest.mark.parametrize("url", [SIGN_IN_WITH_PASSWORD, "/auth/login"])
def test_anyone_else_is_refused_with_a_clear_message(client, org, passwords_off, url):
    response = client.post_form(url, {"email": org.employee.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Only administrators sign in with a password here. Use “Sign in with Example ID” instead." in (
        response.get_data(as_text=True)
    )
    assert client.get("/training").status_code == 302  # not signed in
    wrong = client.post_form(url, {"email": org.employee.email, "password": "not the password"})
    assert "The email or password is incorrect." in wrong.get_data(as_text=True)


def test_only_administrators_get_a_reset_link(client, org, passwords_off):
    page = client.get("/auth/forgot").get_data(as_text=True)
    assert "Passwords are for administrators only" in page
    assert _request_link(client, org.employee.email) is None
    assert _request_link(client, org.admin.email) is not None


def test_a_reset_link_of_anyone_else_is_refused(client, org, app, passwords_off, now):
    app.config["PASSWORD_SIGNIN"] = "on"
    _person, token = services.create_reset_token(org.employee.email, timedelta(hours=1), now)
    db.session.commit()
    app.config["PASSWORD_SIGNIN"] = "off"
    path = f"/auth/reset/{token}"
    page = client.get(path)
    assert page.status_code == 403
    assert "You sign in with Example ID: passwords here are for administrators only." in page.get_data(
        as_text=True
    )
    posted = client.post_form(path, {"password": "a new password!", "confirm": "a new password!"})
    assert posted.status_code == 403
    stored = db.session.scalar(sa.select(Person.password_hash).where(Person.id == org.employee.id))
    assert check_password_hash(stored, PASSWORD)  # unchanged
    assert db.session.scalar(sa.select(PasswordResetToken.used_at)) is None


def test_only_administrators_may_change_their_password(client, make_client, org, app, passwords_off):
    app.config["PASSWORD_SIGNIN"] = "on"
    client.login(org.employee.email)
    admin = make_client()
    admin.login(org.admin.email)
    app.config["PASSWORD_SIGNIN"] = "off"
    assert "Change password" not in client.get("/training").get_data(as_text=True)
    assert client.get("/auth/password").status_code == 403
    data = {"current": PASSWORD, "password": "a new password!", "confirm": "a new password!"}
    assert client.post_form("/auth/password", data).status_code == 403
    assert "Change password" in admin.get("/admin/people").get_data(as_text=True)
    assert admin.get("/auth/password").status_code == 200
