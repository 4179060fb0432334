"""A coordinator writes, previews and publishes a module in a real browser."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from ambassador.db import db
from ambassador.training.models import Module
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_coordinator_writes_and_publishes_a_module(page, org):
    sign_in(page, org.coordinator.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Modules").click()
    page.get_by_role("link", name="New module").click()
    page.get_by_label("Questions per try").fill("1")
    page.get_by_label("Refresher window before expiry (days)").fill("400")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("The refresher window must be shorter than the validity period.")).to_be_visible()
    page.get_by_label("Refresher window before expiry (days)").fill("30")
    page.get_by_role("button", name="Show the dates").click()
    expect(page.get_by_role("heading", name="What these settings mean")).to_be_visible()
    page.get_by_role("button", name="Save settings").click()

    page.get_by_role("link", name="English").click()
    page.get_by_label("Title").fill("Spotting misuse")
    page.get_by_label("Content (Markdown)").fill("## What to look for\n\nUnusual **patterns**.")
    page.get_by_role("button", name="Save text").click()

    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Question", exact=True).fill("Who do you tell?")
    page.get_by_label("Answer 1", exact=True).fill("The hotline and the police")
    page.get_by_label("Answer 2", exact=True).fill("Nobody")
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_text("Mark at least one answer as correct.")).to_be_visible()
    page.get_by_label("Answer 1 is correct").check()
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_role("link", name="Who do you tell?")).to_be_visible()
    page.get_by_role("link", name="Preview").click()
    expect(page.get_by_text("Preview: this is what a learner sees.")).to_be_visible()
    expect(page.get_by_role("heading", name="What to look for")).to_be_visible()
    page.go_back()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("The module is published.")).to_be_visible()
    db.session.commit()
    module = db.session.scalar(sa.select(Module))
    assert module.published and module.text("en").title == "Spotting misuse"
    assert page.console_errors == []


def test_coordinator_adds_a_true_false_question_by_picking_the_answer(page, org):
    from tests.factories import make_module

    module = make_module(published=False)
    db.session.commit()
    sign_in(page, org.coordinator.email, PASSWORD)
    page.goto(f"/authoring/{module.id}/questions/new")
    page.get_by_label("Type").select_option("true_false")
    page.locator("#prompt_en").fill("Reports go to the hotline.")
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_text("Choose whether the statement is true or false.")).to_be_visible()
    page.get_by_label("True", exact=True).check()
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_role("link", name="Reports go to the hotline.")).to_be_visible()
    assert page.console_errors == []
