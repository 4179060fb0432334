"""An employee in a real browser: sign in, read, fail a try, pass a try, download the certificate."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from ambassador.db import db
from ambassador.learning.models import Attempt
from ambassador.training.models import Choice
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, make_module

pytestmark = pytest.mark.browser


def _answer_all(page, right: bool) -> None:
    """Tick, for every question, a right or a wrong answer (looked up in the try's shown order)."""
    db.session.commit()
    attempt = db.session.get(Attempt, int(page.url.rsplit("/", 1)[1]))
    for question_id, choice_ids in attempt.drawn:
        position = next(i for i, cid in enumerate(choice_ids) if db.session.get(Choice, cid).correct == right)
        page.locator(f"#q{question_id}-{position}").check()


LABELS = {
    "en": {
        "mine": "My training",
        "title": "Child protection basics",
        "warning": "Before you start",
        "continue": "Continue to the module",
        "content": "Because.",
        "take": "Take the quiz",
        "submit": "Submit answers",
        "zero": "Your score: 0%",
        "failed": "Not passed this time.",
        "read_up": "Questions to read up on",
        "again": "Try again",
        "passed": "You passed.",
        "certificate": "Download your certificate (PDF)",
        "done": "1 of 1 required modules up to date",
        "valid": "Valid until",
    },
    "sv": {
        "mine": "Min utbildning",
        "title": "Child protection basics (sv)",
        "warning": "Innan du börjar",
        "continue": "Fortsätt till modulen",
        "content": "Därför.",
        "take": "Gör quizet",
        "submit": "Skicka in svaren",
        "zero": "Ditt resultat: 0%",
        "failed": "Inte godkänd den här gången.",
        "read_up": "Frågor att läsa på om",
        "again": "Försök igen",
        "passed": "Du är godkänd.",
        "certificate": "Ladda ned ditt intyg (PDF)",
        "done": "1 av 1 obligatoriska moduler aktuella",
        "valid": "Gäller till",
    },
}


def _fits(phone, artifacts, name: str) -> None:
    """The page does not scroll sideways on a 375 px phone; a screenshot is kept."""
    width = phone.evaluate("document.documentElement.scrollWidth")
    phone.screenshot(path=str(artifacts / f"phone-learner-{name}.png"), full_page=True)
    assert width <= 375, f"{name} scrolls sideways on a phone ({width}px)"


@pytest.mark.parametrize("language", LABELS)
def test_employee_reads_fails_tries_again_passes_and_downloads_the_certificate(
    phone, org, artifacts, language
):
    say = LABELS[language]
    org.employee.language = language
    module = make_module(
        title="Child protection basics", questions=6, draw=4, pass_mark=75, content_warning=True
    )
    db.session.commit()
    sign_in(phone, org.employee.email, PASSWORD)
    assert phone.get_by_role("heading", level=1).inner_text() == say["mine"]
    _fits(phone, artifacts, f"{language}-mine")
    phone.get_by_role("link", name=say["title"]).click()
    expect(phone.get_by_role("heading", name=say["warning"])).to_be_visible()
    phone.get_by_role("link", name=say["continue"]).click()
    expect(phone.get_by_text(say["content"])).to_be_visible()
    _fits(phone, artifacts, f"{language}-module")

    phone.get_by_role("button", name=say["take"]).click()
    expect(phone.locator("fieldset.question")).to_have_count(4)
    _fits(phone, artifacts, f"{language}-quiz")
    _answer_all(phone, right=False)
    phone.get_by_role("button", name=say["submit"]).click()
    expect(phone.get_by_text(say["zero"])).to_be_visible()
    expect(phone.get_by_text(say["failed"])).to_be_visible()
    expect(phone.get_by_role("heading", name=say["read_up"])).to_be_visible()
    assert phone.locator(".explanation").count() == 0  # a fail does not teach the answers
    _fits(phone, artifacts, f"{language}-result-failed")

    phone.get_by_role("button", name=say["again"]).click()
    expect(phone.locator("fieldset.question")).to_have_count(4)
    _answer_all(phone, right=True)
    phone.get_by_role("button", name=say["submit"]).click()
    expect(phone.get_by_text(say["passed"])).to_be_visible()
    expect(phone.locator(".explanation")).to_have_count(4)
    _fits(phone, artifacts, f"{language}-result-passed")

    with phone.expect_download() as download_info:
        phone.get_by_role("link", name=say["certificate"]).click()
    data = download_info.value.path().read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Elin Employee" in text and say["title"] in text and say["valid"] in text
    assert phone.console_errors == []
    phone.goto("/training")
    expect(phone.get_by_text(say["done"])).to_be_visible()
    assert module.published
