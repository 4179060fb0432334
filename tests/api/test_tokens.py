"""API tokens: made and revoked on the coordinator's page and on the command line, stored as a hash."""

import hashlib
import logging
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from ambassador import clock
from ambassador.api.models import ApiToken
from ambassador.audit.models import AuditEvent
from ambassador.db import db
from tests.coverage_figures import NOW

TOKEN_RE = re.compile(r"<code>([A-Za-z0-9_-]{40,})</code>")


def _stored() -> list[ApiToken]:
    return list(db.session.scalars(sa.select(ApiToken).order_by(ApiToken.id)))


def test_a_coordinator_creates_a_token_shown_once_and_only_its_hash_is_kept(client, org):
    client.login(org.coordinator.email)
    response = client.post_form("/api/tokens", {"name": "Annual report"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Copy it now" in page
    token = TOKEN_RE.search(page).group(1)
    assert page.count(token) == 1
    [row] = _stored()
    assert row.name == "Annual report" and row.created_by_id == org.coordinator.id
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {row.name, row.token_hash}
    assert (
        client.get("/api/v1/coverage?by=office", headers={"Authorization": f"Bearer {token}"}).status_code
        == 503
    )
    listing = client.get("/api/tokens").get_data(as_text=True)
    assert "Annual report" in listing and token not in listing
    actions = db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["auth.signed_in", "api.token_created"]


@pytest.mark.parametrize("name", ["", "   ", "a\nb", "x" * 81])
def test_a_bad_name_is_refused_and_nothing_made(client, org, name):
    client.login(org.admin.email)
    response = client.post_form("/api/tokens", {"name": name})
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    assert _stored() == []


def test_a_name_in_use_is_refused(client, org, token):
    client.login(org.coordinator.email)
    response = client.post_form("/api/tokens", {"name": "reporting"})
    assert response.status_code == 400
    assert "There is already a token named" in response.get_data(as_text=True)
    assert len(_stored()) == 1


def test_a_revoked_token_stops_working_at_once(client, org, token, call):
    assert call("/api/v1/openapi.json").status_code == 200
    assert call("/api/v1/coverage?by=office").status_code == 503  # let in (no figures yet)
    client.login(org.coordinator.email)
    [row] = _stored()
    response = client.post_form(f"/api/tokens/{row.id}/revoke")
    assert response.status_code == 302
    client.logout()
    response = call("/api/v1/coverage?by=office")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "token" in response.get_json()["error"]
    db.session.refresh(row)
    assert row.revoked_at is not None
    assert (
        db.session.scalar(sa.select(AuditEvent.action).order_by(AuditEvent.id.desc())) == "api.token_revoked"
    )
    client.login(org.coordinator.email)
    listing = client.get("/api/tokens").get_data(as_text=True)
    assert "Revoked" in listing and ">Revoke<" not in listing


def test_revoking_without_the_form_token_changes_nothing(client, org, token):
    client.login(org.coordinator.email)
    [row] = _stored()
    client.post(f"/api/tokens/{row.id}/revoke")
    db.session.refresh(row)
    assert row.active


def test_the_command_line_prints_the_token_once_and_revokes_by_name(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["api", "token", "create", "--name", "nightly export"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert len(token) >= 43 and result.output.count(token) == 1
    [row] = _stored()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() and row.created_by_id is None
    assert (
        client.get("/api/v1/coverage?by=office", headers={"Authorization": f"Bearer {token}"}).status_code
        == 503
    )
    again = runner.invoke(args=["api", "token", "create", "--name", "nightly export"])
    assert again.exit_code != 0 and "already a token" in again.output
    result = runner.invoke(args=["api", "token", "revoke", "nightly export"])
    assert result.exit_code == 0 and "revoked" in result.output
    assert (
        client.get("/api/v1/coverage?by=office", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )
    assert runner.invoke(args=["api", "token", "revoke", "nobody"]).exit_code != 0


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Bearer ", "Bearer wrong", "Basic dXNlcjpwYXNz", "Bearer \x7f", "Token abc"],
)
def test_no_valid_token_is_a_401_in_json(client, org, token, header):
    headers = {"Authorization": header} if header is not None else {}
    response = client.get("/api/v1/people?office=1", headers=headers)
    assert response.status_code == 401
    assert response.is_json and set(response.get_json()) == {"error"}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_signed_in_browser_is_not_let_in_and_gets_no_cookie(client, org):
    client.login(org.coordinator.email)
    response = client.get("/api/v1/coverage?by=office")
    assert response.status_code == 401
    assert "Set-Cookie" not in response.headers


def test_every_call_is_logged_with_the_token_name_and_the_last_use_noted_once_a_minute(call, caplog):
    clock.set_clock(lambda: NOW)
    with caplog.at_level(logging.INFO, logger="ambassador.api.guard"):
        call("/api/v1/coverage?by=office")
    assert "by token 'reporting'" in caplog.text
    [row] = _stored()
    assert row.last_used_at == NOW
    clock.set_clock(lambda: NOW + timedelta(seconds=30))
    call("/api/v1/coverage?by=office")
    db.session.refresh(row)
    assert row.last_used_at == NOW
    clock.set_clock(lambda: NOW + timedelta(minutes=2))
    call("/api/v1/coverage?by=office")
    db.session.refresh(row)
    assert row.last_used_at == NOW + timedelta(minutes=2)


def test_the_token_page_is_for_staff_and_in_the_reader_s_language(client, org, make_client):
    client.login(org.employee.email)
    assert client.get("/api/tokens").status_code == 403
    org.coordinator.language = "sv"
    db.session.commit()
    coordinator = make_client()
    coordinator.login(org.coordinator.email)
    page = coordinator.get("/api/tokens").get_data(as_text=True)
    assert "<h1>API-nycklar</h1>" in page and "Skapa nyckel" in page
    assert 'href="/api/tokens"' in page  # in the navigation
