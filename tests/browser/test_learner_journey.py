"""An employee in a real browser: sign in, read, fail a try, pass a try, download the certificate."""

import io

import pytest
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


def test_employee_reads_fails_passes_and_downloads_the_certificate(phone, org):
    module = make_module(
        title="Child protection basics", questions=6, draw=4, pass_mark=75, content_warning=True
    )
    db.session.commit()
    sign_in(phone, org.employee.email, PASSWORD)
    assert phone.get_by_role("heading", level=1).inner_text() == "My training"
    phone.get_by_role("link", name="Child protection basics").click()
    assert phone.get_by_role("heading", name="Before you start").is_visible()
    phone.get_by_role("link", name="Continue to the module").click()
    assert phone.get_by_text("Because.").is_visible()

    phone.get_by_role("button", name="Take the quiz").click()
    assert phone.locator("fieldset.question").count() == 4
    _answer_all(phone, right=False)
    phone.get_by_role("button", name="Submit answers").click()
    assert phone.get_by_text("Your score: 0%").is_visible()
    assert phone.get_by_text("Not passed this time.").is_visible()

    phone.get_by_role("link", name="Back to the module").click()
    phone.get_by_role("button", name="Take the quiz").click()
    _answer_all(phone, right=True)
    phone.get_by_role("button", name="Submit answers").click()
    assert phone.get_by_text("You passed.").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="Download your certificate (PDF)").click()
    data = download_info.value.path().read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Elin Employee" in text and "Child protection basics" in text and "Valid until" in text
    assert phone.console_errors == []
    phone.goto("/training")
    assert phone.get_by_text("1 of 1 required modules up to date").is_visible()
    assert module.published
