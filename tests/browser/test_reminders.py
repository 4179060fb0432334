"""Reminders in a browser: a coordinator changes a plan after its forecast; an employee follows a reminder."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from ambassador import clock
from ambassador.db import db
from ambassador.mail.delivery import deliver
from ambassador.reminders.jobs import plan_reminders
from ambassador.reminders.models import ReminderPlan
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, make_module

pytestmark = pytest.mark.browser

PUBLISHED = datetime(2026, 2, 10, 10, 0, tzinfo=UTC)  # due 30 days later: Thursday 12 March
MONDAY = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # the 14 working days: 3 to 20 March
DUE_MORNING = datetime(2026, 3, 12, 8, 0, tzinfo=UTC)  # 09:00 in Stockholm


def _people_on(page, day: str):
    """The forecast's "people emailed" cell for a working day."""
    return page.get_by_role("row").filter(has_text=day).locator("td.num")


def test_coordinator_sees_the_forecast_change_before_saving_the_plan(page, org):
    module = make_module(title="Spotting misuse", published_at=PUBLISHED, grace_days=30)
    db.session.commit()
    clock.set_clock(lambda: MONDAY)
    sign_in(page, org.coordinator.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Modules").click()
    page.get_by_role("link", name="Spotting misuse").click()
    page.get_by_role("link", name="Reminders", exact=True).click()
    expect(page.get_by_role("heading", name="Forecast", exact=True)).to_be_visible()
    expect(_people_on(page, "Mar 5, 2026")).to_have_text("5")  # 7 days before: everyone in the org
    expect(_people_on(page, "Mar 12, 2026")).to_have_text("5")  # on the due date

    page.get_by_label("Days before the due date").fill("")
    page.get_by_role("button", name="Show the forecast").click()
    expect(page.get_by_role("heading", name="Forecast with this plan")).to_be_visible()
    expect(_people_on(page, "Mar 5, 2026")).to_have_text("0")
    expect(_people_on(page, "Mar 12, 2026")).to_have_text("5")
    db.session.commit()
    assert db.session.get(ReminderPlan, module.id) is None  # nothing saved yet

    page.get_by_role("button", name="Save reminders").click()
    expect(page.get_by_text("The reminders have been saved. They apply from now on.")).to_be_visible()
    expect(page.get_by_role("heading", name="Forecast", exact=True)).to_be_visible()
    expect(page.get_by_label("Days before the due date")).to_have_value("")
    expect(_people_on(page, "Mar 5, 2026")).to_have_text("0")
    db.session.commit()
    plan = db.session.get(ReminderPlan, module.id)
    assert (plan.days_before, plan.on_due_date, plan.overdue_max, plan.starts_at) == (None, True, 4, MONDAY)
    assert page.console_errors == []


def test_employee_follows_the_link_in_a_reminder_email_to_the_module(
    page, org, live_server, smtp_server, monkeypatch, app
):
    monkeypatch.setitem(app.config, "BASE_URL", live_server)  # links in email point at this server
    module = make_module(title="Spotting misuse", published_at=PUBLISHED, grace_days=30)
    db.session.commit()
    clock.set_clock(lambda: DUE_MORNING)
    plan_reminders()
    deliver()
    received = [r for r in smtp_server.received if r.rcpt_tos == [org.employee.email]]
    assert [r.message["Subject"] for r in received] == ["Due today: Spotting misuse"]
    link = re.search(r"http://\S+", received[0].part("plain")).group(0)
    assert link == f"{live_server}/training/{module.id}"

    page.goto(link)
    expect(page.get_by_text("Please sign in to see this page.")).to_be_visible()
    page.get_by_label("Email").fill(org.employee.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(link)
    expect(page.get_by_role("heading", level=1, name="Spotting misuse")).to_be_visible()
    expect(page.get_by_role("button", name="Take the quiz")).to_be_visible()
    assert page.console_errors == []
