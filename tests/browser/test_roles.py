"""Each persona signs in in a real browser and gets their own home page and navigation."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

EXPECTED = {
    "employee": ("My training", ["My training"]),
    "ambassador": ("My offices", ["My offices", "Workshops", "My training"]),
    "coordinator": (
        "Coverage",
        ["Coverage", "All offices", "Modules", "Past completions", "API tokens", "My training"],
    ),
    "admin": (
        "People",
        [
            "People",
            "Offices",
            "Roster import",
            "Outbox",
            "Audit log",
            "Data retention",
            "Coverage",
            "Modules",
            "Past completions",
            "API tokens",
            "My training",
        ],
    ),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_role_home_and_navigation(page, org, role):
    heading, nav = EXPECTED[role]
    sign_in(page, org.by_role(role).email, PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == heading
    links = page.get_by_role("navigation", name="Main").get_by_role("link").all_inner_texts()
    assert links == nav
    assert page.console_errors == []


def test_sign_out_returns_to_sign_in(page, org):
    sign_in(page, org.employee.email, PASSWORD)
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    page.goto("/training")
    assert "/auth/login" in page.url


def test_wrong_password_shows_generic_message(page, org):
    sign_in(page, org.employee.email, "wrong password!")
    expect(page.get_by_text("The email or password is incorrect.")).to_be_visible()


def test_keyboard_user_can_skip_to_content(page, org):
    page.goto("/auth/login")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"


def test_switch_to_swedish(page, org):
    sign_in(page, org.employee.email, PASSWORD)
    page.get_by_role("button", name="Svenska").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Min utbildning"
    assert page.evaluate("document.documentElement.lang") == "sv"


def test_on_a_phone_the_menu_is_one_row_to_swipe_starting_at_the_current_page(phone, org):
    """The administrator's eleven links took five rows, a third of the screen, above every page."""
    sign_in(phone, org.admin.email, PASSWORD)
    nav = phone.get_by_role("navigation", name="Main")
    assert nav.bounding_box()["height"] < 70  # one row of 44 px links
    phone.goto("/training")  # the last link: the row starts where it can be seen
    current = nav.get_by_role("link", name="My training")
    expect(current).to_have_attribute("aria-current", "page")
    box = current.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert (
        phone.evaluate("document.documentElement.scrollWidth") <= 375
    )  # the page itself does not scroll sideways
    nav.get_by_role("link", name="People").click()  # the first, swiped back to
    assert phone.get_by_role("heading", level=1).inner_text() == "People"
    assert phone.console_errors == []


def test_on_a_phone_my_offices_shows_every_column_in_english_and_swedish(phone, org):
    """The ambassadors column was cut off at 375 px: it fits, its Swedish heading breaks at a soft hyphen."""
    sign_in(phone, org.ambassador.email, PASSWORD)
    phone.goto("/my-offices")
    for language, heading in (("English", "Ambassadors"), ("Svenska", "Ambassa\u00addörer")):
        if language == "Svenska":
            phone.get_by_role("button", name="Svenska").click()
        table = phone.locator(".table-wrap").first
        expect(table.get_by_role("columnheader").last).to_have_text(heading)
        assert table.evaluate("wrap => wrap.scrollWidth <= wrap.clientWidth"), language
        assert table.get_by_role("row").nth(1).bounding_box()["width"] <= 375 - 2 * 16
    assert phone.console_errors == []
