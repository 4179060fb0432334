"""Company sign-in in a real browser, against a real OpenID provider: in, and out at both ends."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_walk import PHONE, axe_violations, new_page
from tests.conftest import configured
from tests.oidc.provider import PASSWORD as PROVIDER_PASSWORD
from tests.oidc.provider import running
from tests.smtp import free_port

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def provider(live_server):
    """A provider whose client is the live server."""
    with running(live_server) as provider:
        yield provider


@pytest.fixture
def sso(app, live_server, provider):
    """The live app with company sign-in, its links on the live server's address."""
    with configured(app, {**provider.settings, "BASE_URL": live_server}):
        yield provider


def test_an_employee_signs_in_with_the_company_account_and_out_at_both_ends(page, org, sso):
    page.goto("/auth/login")
    page.get_by_role("link", name="Sign in with Example ID").click()
    assert page.url.startswith(sso.issuer)  # the provider's own page
    page.get_by_label("Username").fill("elin")
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My training")
    expect(page.get_by_text("Elin Employee")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Yes, sign me out").click()  # the provider asks
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto("/training")
    assert "/auth/login" in page.url
    # Signed out at the provider too: company sign-in asks for the password again.
    page.get_by_role("link", name="Sign in with Example ID").click()
    expect(page.get_by_label("Username")).to_be_visible()
    assert page.console_errors == []


def _problems(page, label: str, artifacts, status: int = 200) -> list[str]:
    """Sideways scrolling, axe violations and console errors on this phone page; a screenshot to look at.

    A page answered with `status` on purpose: the browser's note of that status is not a problem.
    """
    found = [f"{label}: {violation}" for violation in axe_violations(page)]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        found.append(f"{label}: scrolls sideways ({width}px wide)")
    expected = f"the server responded with a status of {status} "
    found.extend(f"{label}: console error: {error}" for error in page.errors if expected not in error)
    page.errors.clear()
    page.screenshot(path=str(artifacts / f"sso-{label}.jpg"), full_page=True, type="jpeg", quality=80)
    return found


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_company_sign_in_pages_fit_a_phone_and_pass_axe(
    browser, live_server, app, org, sso, artifacts, language
):
    page = new_page(browser, live_server, PHONE)
    page.context.set_extra_http_headers({"Accept-Language": language})
    problems = []
    page.goto("/auth/login")
    problems += _problems(page, f"{language}-sign-in", artifacts)
    with configured(app, {"PASSWORD_SIGNIN": "off"}):
        page.goto("/auth/login")
        problems += _problems(page, f"{language}-sign-in-passwords-off", artifacts)
    page.goto("/auth/sso")
    page.get_by_label("Username").fill("stranger")
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Sign-in refused" if language == "en" else "Inloggningen nekades")
    problems += _problems(page, f"{language}-refused", artifacts, 403)
    with configured(app, {"OIDC_ISSUER": f"http://127.0.0.1:{free_port()}", "PASSWORD_SIGNIN": "off"}):
        assert page.goto("/auth/sso").status == 503
        problems += _problems(page, f"{language}-unavailable", artifacts, 503)
    assert problems == []
    page.context.close()
