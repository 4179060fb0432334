"""An administrator loads the roster in a real browser: preview, then apply."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from ambassador.db import db
from ambassador.org.models import Person
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_admin_previews_and_applies_a_roster(page, org, tmp_path):
    export = tmp_path / "hr-export.csv"
    export.write_bytes("Email;Name;Office\nåsa@example.com;Åsa Öberg;Oslo\nbad-row;X;Oslo\n".encode("cp1252"))
    sign_in(page, org.admin.email, PASSWORD)
    page.get_by_role("link", name="Roster import").click()
    page.get_by_label("CSV file from the HR system").set_input_files(str(export))
    page.get_by_role("button", name="Preview import").click()
    expect(page.get_by_role("heading", name="Import preview")).to_be_visible()
    expect(page.get_by_text("“bad-row” is not a valid email address.")).to_be_visible()
    assert page.get_by_role("button", name="Apply import").count() == 0

    export.write_bytes("Email;Name;Office\nasa@example.com;Åsa Öberg;Oslo\n".encode("cp1252"))
    page.get_by_role("button", name="Discard").click()
    page.get_by_label("CSV file from the HR system").set_input_files(str(export))
    page.get_by_role("button", name="Preview import").click()
    expect(page.get_by_text("Windows-1252")).to_be_visible()
    page.get_by_role("button", name="Apply import").click()
    expect(page.get_by_text("Import applied: 1 created, 0 updated, 0 deactivated.")).to_be_visible()
    db.session.commit()
    assert db.session.scalar(sa.select(Person.name).where(Person.email == "asa@example.com")) == "Åsa Öberg"
    assert page.console_errors == []
