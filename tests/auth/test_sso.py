"""Company sign-in against a real OpenID provider (oidc-provider in Node.js), driven over plain HTTP."""

import base64
import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from ambassador.audit.models import AuditEvent, AuditQuota
from ambassador.auth import oidc
from ambassador.auth import sso as sso_rules
from ambassador.auth.models import UserSession
from ambassador.db import db
from ambassador.org.models import Person
from tests.conftest import BASE_URL, configured
from tests.factories import make_module
from tests.oidc.provider import Browser, SignInAsked, path_of, running
from tests.parallel import Crowd
from tests.smtp import free_port


@pytest.fixture(scope="module")
def provider():
    """One provider for this module's tests; its only client is the test app at BASE_URL."""
    with running(BASE_URL) as provider:
        yield provider


@pytest.fixture
def sso(app, provider):
    """The app with company sign-in at the provider, for one test."""
    with configured(app, provider.settings):
        yield provider


@pytest.fixture
def person_browser(sso):
    """The person's browser at the provider (its cookies are the provider's session)."""
    return Browser(sso)


def sign_in(client, browser: Browser, username: str | None, start: str = "/auth/sso"):
    """Press "Sign in with …", sign in at the provider as `username`; the app's answer to the callback."""
    started = client.get(start)
    assert started.status_code == 302 and browser.provider.owns(started.location)
    return client.get(path_of(browser.authorize(started.location, username)))


def test_the_sign_in_page_offers_company_sign_in_beside_the_password(client, sso):
    page = client.get("/auth/login").get_data(as_text=True)
    assert "Sign in with Example ID" in page
    assert 'name="password"' in page


def test_an_employee_signs_in_through_the_provider(client, org, person_browser, now):
    response = sign_in(client, person_browser, "elin")
    assert response.status_code == 302
    assert client.get("/training").status_code == 200
    assert "Elin Employee" in client.get("/training").get_data(as_text=True)
    row = db.session.scalar(sa.select(UserSession))
    assert row.person_id == org.employee.id and row.id_token
    assert db.session.get(Person, org.employee.id).last_login_at == now


def _id_token_claims(id_token: str) -> dict:
    """The claims of an ID token, unchecked (the app checked it)."""
    payload = id_token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_the_email_is_read_from_userinfo_when_the_id_token_lacks_it(client, org, person_browser):
    sign_in(client, person_browser, "elin")
    id_token = db.session.scalar(sa.select(UserSession.id_token))
    assert "email" not in _id_token_claims(id_token) and client.get("/training").status_code == 200


def test_the_email_in_the_id_token_is_enough(app, client, org):
    with running(BASE_URL, claims_in_id_token=True) as provider, configured(app, provider.settings):
        sign_in(client, Browser(provider), "elin")
    id_token = db.session.scalar(sa.select(UserSession.id_token))
    assert _id_token_claims(id_token)["email"] == "Employee@Example.com"
    assert client.get("/training").status_code == 200


def test_the_request_carries_state_nonce_and_a_pkce_challenge(client, sso):
    query = parse_qs(urlsplit(client.get("/auth/sso").location).query)
    assert query["response_type"] == ["code"] and query["client_id"] == ["ambassador"]
    assert query["redirect_uri"] == [f"{BASE_URL}/auth/sso/callback"]  # from BASE_URL, not the Host
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert query["state"][0] and query["nonce"][0]
    assert set(query["scope"][0].split()) == {"openid", "email", "profile"}


def test_the_person_lands_where_they_were_going(client, org, person_browser):
    login = client.get("/auth/login?next=/training/certificates").get_data(as_text=True)
    assert 'href="/auth/sso?next=/training/certificates"' in login
    response = sign_in(client, person_browser, "elin", start="/auth/sso?next=/training/certificates")
    assert response.location == "/training/certificates"


def test_a_form_kept_as_the_session_ended_comes_back_after_company_sign_in(client, org, person_browser):
    from tests.auth.test_kept_form import _write_until_the_session_ends

    module = make_module(title="Reporting")
    _moving, response = _write_until_the_session_ends(client, org, module)
    login = client.get(response.location).get_data(as_text=True)
    start = unescape(re.search(r'href="(/auth/sso[^"]*)"', login).group(1))
    signed_in = sign_in(client, person_browser, "cora", start=start)
    assert signed_in.location == f"/authoring/{module.id}/texts/en"
    page = client.get(signed_in.location).get_data(as_text=True)
    assert "is back. Check it and save." in page and 'value="Reporting, revised"' in page


def _refusals() -> list:
    """The audit log's refused company sign-ins, oldest first."""
    query = sa.select(AuditEvent).where(AuditEvent.action == "auth.sso_refused").order_by(AuditEvent.id)
    return db.session.scalars(query).all()


@pytest.mark.parametrize(
    ("username", "message", "logged"),
    [
        ("stranger", "nobody on the roster has this email address", "stranger@example.com: no person"),
        (
            "ola",
            "has not confirmed that this email address is yours",
            "ola@example.com: the provider has not",
        ),
        ("nomail", "We did not receive your email address", "an unknown person: the provider gave no email"),
    ],
)
def test_nobody_but_a_verified_roster_email_gets_in(client, org, person_browser, username, message, logged):
    people = db.session.scalar(sa.select(sa.func.count()).select_from(Person))
    response = sign_in(client, person_browser, username)
    assert response.status_code == 403
    assert message in response.get_data(as_text=True)
    assert client.get("/training").status_code == 302  # not signed in
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == people  # nobody created
    [event] = _refusals()
    assert logged in event.summary and event.actor_id is None


def test_an_email_the_provider_says_nothing_about_is_refused_unless_trusted(app, client, org, person_browser):
    response = sign_in(client, person_browser, "amir")  # as Microsoft Entra ID: no email_verified
    assert response.status_code == 403
    assert "has not confirmed that this email address is yours" in response.get_data(as_text=True)
    with configured(app, {"OIDC_TRUST_EMAIL": "on"}):  # the provider is the company's own directory
        assert sign_in(client, person_browser, "amir").status_code == 302
        assert "Amir Ambassador" in client.get("/training").get_data(as_text=True)
        client.logout()
        ola_browser = Browser(person_browser.provider)
        refused = sign_in(client, ola_browser, "ola")  # a provider that says "not verified" is heard
        assert refused.status_code == 403
    first, second = _refusals()
    assert "ambassador@example.com" in first.summary and "ola@example.com" in second.summary


def test_a_deactivated_person_is_refused(client, org, person_browser):
    org.employee.active = False
    db.session.commit()
    response = sign_in(client, person_browser, "elin")
    assert response.status_code == 403
    assert "your account here has been deactivated" in response.get_data(as_text=True)
    [event] = _refusals()
    assert event.actor_id == org.employee.id and "employee@example.com" in event.summary


def test_the_refusal_is_in_swedish_for_a_swedish_browser(client, org, person_browser):
    started = client.get("/auth/sso")
    callback = path_of(person_browser.authorize(started.location, "stranger"))
    page = client.get(callback, headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Inloggningen nekades" in page and "stranger@example.com" in page


def test_a_forged_callback_is_refused(client, org, sso):
    response = client.get("/auth/sso/callback?code=made-up&state=made-up")
    assert response.status_code == 400
    assert "it was not started in this browser" in response.get_data(as_text=True)
    assert "forged, replayed or expired" in _refusals()[0].summary
    assert client.get("/training").status_code == 302


def test_made_up_callbacks_write_one_audit_entry_an_hour_so_the_log_cannot_be_flooded(
    client, org, sso, movable_clock, caplog
):
    """Anyone can send made-up callbacks, and the audit log keeps everything: one entry an hour."""
    for _ in range(5):
        assert client.get("/auth/sso/callback?code=made-up&state=made-up").status_code == 400
    assert len(_refusals()) == 1
    assert "at most one such entry is written per hour" in _refusals()[0].summary
    assert caplog.text.count("forged, replayed or expired") == 5  # every one is in the server's log
    movable_clock.advance(hours=1)
    assert client.get("/auth/sso/callback?code=made-up&state=made-up").status_code == 400
    assert len(_refusals()) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditQuota)) == 1  # the past hour's went


def test_made_up_callbacks_at_the_same_moment_write_one_audit_entry(app, org, now):
    """Eight requests in parallel: the hour's row in audit_quota lets one write (both databases)."""

    def refuse():
        sso_rules.record_refusal(sso_rules.SsoRefused("callback"), now)
        db.session.commit()

    crowd = Crowd(app, 8)
    for _ in range(8):
        crowd.start(refuse)
    crowd.join()  # none failed: the others recorded nothing
    assert len(_refusals()) == 1


def test_a_refusal_the_provider_vouched_for_is_always_written(org, now):
    """An unknown or deactivated person signed in at the provider: each attempt is an entry."""
    for _ in range(3):
        sso_rules.record_refusal(sso_rules.SsoRefused("unknown", "stranger@example.com"), now)
    db.session.commit()
    assert len(_refusals()) == 3


def test_a_callback_finishes_only_in_the_browser_that_started_it(client, make_client, org, person_browser):
    started = client.get("/auth/sso")
    callback = path_of(person_browser.authorize(started.location, "elin"))
    other = make_client()  # someone else's browser, led to the callback (login CSRF)
    assert other.get(callback).status_code == 400
    assert other.get("/training").status_code == 302


def test_a_wrong_state_is_refused(client, org, person_browser):
    started = client.get("/auth/sso")
    callback = path_of(person_browser.authorize(started.location, "elin"))
    state = parse_qs(urlsplit(callback).query)["state"][0]
    assert client.get(callback.replace(state, state[:-2] + "xx")).status_code == 400
    assert client.get("/training").status_code == 302


def test_a_replayed_callback_is_refused(client, make_client, org, person_browser):
    started = client.get("/auth/sso")
    before = client.get_cookie("session").value  # the browser's cookie with the sign-in under way
    callback = path_of(person_browser.authorize(started.location, "elin"))
    assert client.get(callback).status_code == 302
    # The same callback again: its state is spent.
    client.logout()
    assert client.get(callback).status_code == 400
    # With the cookie from before: the state is there, but the provider will not take the code twice.
    replayer = make_client()
    replayer.set_cookie("session", before)
    response = replayer.get(callback)
    assert response.status_code == 400
    assert "Signing in with Example ID did not succeed" in response.get_data(as_text=True)
    assert replayer.get("/training").status_code == 302
    assert "invalid_grant" in _refusals()[-1].summary


def _tamper(client, key: str, value: str) -> None:
    """Change `key` in the sign-in under way that this browser's session holds."""
    with client.session_transaction() as session:
        [name] = [name for name in session if name.startswith("_state_")]
        entry = session[name]
        entry["data"][key] = value
        session[name] = entry


def test_the_nonce_is_checked(client, org, person_browser):
    started = client.get("/auth/sso")
    _tamper(client, "nonce", "not-the-nonce-sent")
    response = client.get(path_of(person_browser.authorize(started.location, "elin")))
    assert response.status_code == 400
    assert "could not be verified" in response.get_data(as_text=True)
    assert client.get("/training").status_code == 302


def test_the_pkce_verifier_is_checked_by_the_provider(client, org, person_browser):
    started = client.get("/auth/sso")
    _tamper(client, "code_verifier", "x" * 64)
    response = client.get(path_of(person_browser.authorize(started.location, "elin")))
    assert response.status_code == 400
    assert "invalid_grant" in _refusals()[0].summary  # the same flow untampered signs in (above)
    assert client.get("/training").status_code == 302


def test_signing_out_ends_the_session_here_and_at_the_provider(client, org, person_browser):
    sign_in(client, person_browser, "elin")
    # While signed in at the provider, company sign-in asks for nothing.
    client.logout()
    assert sign_in(client, person_browser, None).status_code == 302
    signed_out = client.logout()
    assert signed_out.status_code == 303 and person_browser.provider.owns(signed_out.location)
    query = parse_qs(urlsplit(signed_out.location).query)
    assert query["post_logout_redirect_uri"] == [f"{BASE_URL}/auth/login"] and query["id_token_hint"]
    assert client.get("/training").status_code == 302  # ended here at once
    back = person_browser.sign_out(signed_out.location)
    assert back.startswith(f"{BASE_URL}/auth/login")
    assert "You have signed out." in client.get(path_of(back)).get_data(as_text=True)
    with pytest.raises(SignInAsked):  # and ended at the provider
        sign_in(client, person_browser, None)


def test_a_password_session_signs_out_here_only(client, org, sso):
    client.login(org.employee.email)
    assert client.logout().location == "/auth/login"


def test_a_provider_that_does_not_answer_gets_a_clear_page(app, client, org, sso):
    app.config["OIDC_ISSUER"] = f"http://127.0.0.1:{free_port()}"
    response = client.get("/auth/sso")
    assert response.status_code == 503
    assert "Example ID is not possible right now" in response.get_data(as_text=True)


def test_without_settings_there_is_no_company_sign_in(client):
    assert "Sign in with" not in client.get("/auth/login").get_data(as_text=True)
    assert client.get("/auth/sso").status_code == 404
    assert client.get("/auth/sso/callback?code=x&state=y").status_code == 404


def test_the_sign_out_form_may_lead_on_to_the_provider_and_nowhere_else(client, app, sso):
    policy = client.get("/auth/login").headers["Content-Security-Policy"]
    assert f"form-action 'self' {sso.issuer};" in policy
    app.config["OIDC_ISSUER"] = ""
    assert "form-action 'self';" in client.get("/auth/login").headers["Content-Security-Policy"]


def test_a_sign_in_cancelled_at_the_provider_is_refused_with_a_clear_page(client, org, sso):
    state = parse_qs(urlsplit(client.get("/auth/sso").location).query)["state"][0]
    response = client.get(f"/auth/sso/callback?error=access_denied&state={state}&iss={sso.issuer}")
    assert response.status_code == 400
    assert "Signing in with Example ID did not succeed. Please start again." in response.get_data(
        as_text=True
    )
    assert "access_denied" in _refusals()[0].summary


def test_many_sign_ins_started_in_one_browser_keep_its_cookie_small(client, org, person_browser):
    for _ in range(20):
        started = client.get("/auth/sso")
    assert len(client.get_cookie("session").value) < 2000
    assert client.get(path_of(person_browser.authorize(started.location, "elin"))).status_code == 302


def test_where_the_provider_offers_no_sign_out_signing_out_stays_here(client, org, person_browser):
    sign_in(client, person_browser, "elin")
    metadata = oidc._client().server_metadata
    endpoint = metadata.pop("end_session_endpoint")
    try:
        assert client.logout().location == "/auth/login"
    finally:
        metadata["end_session_endpoint"] = endpoint
    assert client.get("/training").status_code == 302
