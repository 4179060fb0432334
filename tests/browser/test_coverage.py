"""A coordinator drills down from a country to a person; an ambassador nudges and holds a workshop."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from playwright.sync_api import expect

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.mail.models import OutboxMessage
from ambassador.org.models import Person
from ambassador.reports.snapshots import take
from ambassador.workshops.models import Workshop
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, make_module, make_person

pytestmark = pytest.mark.browser


@pytest.fixture
def basics(org):
    """A module everyone is overdue with, that a workshop counts for, and today's snapshot."""
    module = make_module(title="Basics", published_at=utcnow() - timedelta(days=90), grace_days=30)
    module.workshop_eligible = True
    db.session.commit()
    take(utcnow())
    db.session.commit()
    return module


def test_coordinator_drills_down_to_a_person_and_downloads_both_exports(page, org, basics):
    sign_in(page, org.coordinator.email, PASSWORD)
    expect(page.get_by_role("heading", level=1, name="Coverage")).to_be_visible()
    expect(page.get_by_text("0 valid of 5 required")).to_be_visible()
    page.get_by_role("region", name="Coverage per country").get_by_role("link", name="Sweden").click()
    offices = page.get_by_role("region", name="Coverage per office")
    expect(offices.get_by_role("link", name="Oslo")).to_have_count(0)  # the country's offices only
    offices.get_by_role("link", name="Stockholm").click()
    expect(page.get_by_role("heading", level=1, name="Training in Stockholm")).to_be_visible()
    page.get_by_role("link", name="Elin Employee").click()
    expect(page.get_by_role("heading", level=1, name="Elin Employee")).to_be_visible()
    expect(page.locator(".colleague-module", has_text="Basics")).to_contain_text("Overdue")
    page.go_back()
    page.go_back()
    page.get_by_role("link", name="Coverage").first.click()
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV Coverage per office").click()
    text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Office" and {row[0] for row in rows[1:]} == {"Oslo", "Stockholm"}
    with page.expect_download() as excel:
        page.get_by_role("link", name="Excel Everyone's status").click()
    assert excel.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(excel.value.path()).read_bytes()), read_only=True)
    rows = list(book["Everyone's status"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Name", "Email") and "Basics" in rows[0]
    elin = [row for row in rows if row[0] == "Elin Employee"][0]
    assert elin[rows[0].index("Basics")] == "Overdue"  # as the drill-down showed her
    assert page.console_errors == []


def test_ambassador_nudges_a_colleague_and_records_a_workshop(page, org, basics):
    sign_in(page, org.ambassador.email, PASSWORD)
    page.get_by_role("link", name="Stockholm").click()
    expect(page.get_by_role("heading", level=1, name="Training in Stockholm")).to_be_visible()
    page.get_by_role("button", name="Nudge Elin Employee: Basics").click()
    expect(page.get_by_text("Elin Employee will get your reminder in a minute.")).to_be_visible()
    expect(page.get_by_role("button", name="Nudge Elin Employee: Basics")).to_have_count(0)
    db.session.commit()
    assert db.session.scalar(sa.select(OutboxMessage.to_address).where(OutboxMessage.kind == "nudge")) == (
        org.employee.email
    )

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Workshops").click()
    page.get_by_role("link", name="Record a workshop").click()
    page.get_by_label("Elin Employee (employee@example.com)").check()
    page.get_by_label("Alva Admin (admin@example.com)").check()
    page.get_by_role("button", name="Save the workshop").click()
    expect(page.get_by_text("The workshop is recorded")).to_be_visible()
    expect(page.get_by_role("cell", name="Basics")).to_be_visible()
    db.session.commit()
    assert len(db.session.scalar(sa.select(Workshop)).attendees) == 2
    page.goto(f"/reports/offices/{org.stockholm.id}?status=current")
    expect(page.get_by_role("heading", name="Elin Employee")).to_be_visible()
    expect(page.get_by_role("heading", name="Alva Admin")).to_be_visible()
    assert page.console_errors == []


def test_an_ambassador_finds_attendees_in_a_long_list_by_typing(page, org, basics):
    for n in range(14):
        make_person(org.stockholm, name=f"Colleague {n:02d}", email=f"colleague{n}@example.com")
    db.session.commit()
    sign_in(page, org.ambassador.email, PASSWORD)
    page.goto(f"/workshops/new?office={org.stockholm.id}")
    find = page.get_by_label("Find a colleague")
    find.fill("elin")
    expect(page.get_by_role("status")).to_have_text("1 of 18 shown")
    expect(page.get_by_label("Colleague 03 (colleague3@example.com)")).to_be_hidden()
    page.get_by_label("Elin Employee (employee@example.com)").check()
    find.fill("colleague 03")
    expect(page.get_by_label("Elin Employee (employee@example.com)")).to_be_visible()  # ticked: stays
    page.get_by_label("Colleague 03 (colleague3@example.com)").check()
    page.get_by_role("button", name="Save the workshop").click()
    expect(page.get_by_text("The workshop is recorded")).to_be_visible()
    db.session.commit()
    ids = {attendee.person_id for attendee in db.session.scalar(sa.select(Workshop)).attendees}
    names = set(db.session.scalars(sa.select(Person.name).where(Person.id.in_(ids))))
    assert names == {"Elin Employee", "Colleague 03"}
    assert page.console_errors == []
