"""Retention: leavers deactivated more than RETENTION_MONTHS ago are erased at night, previewed first."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from ambassador import clock
from ambassador.audit.models import AuditEvent
from ambassador.config import ConfigError, _check_retention
from ambassador.db import db
from ambassador.org.models import Person
from ambassador.privacy.jobs import erase_leavers
from tests.factories import make_person

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def leavers(org):
    """Three leavers in Oslo: gone 25 months, exactly 24 months (an hour ago) and 23 months."""
    clock.set_clock(lambda: NOW)
    people = {}
    for key, gone in {
        "long_gone": datetime(2024, 2, 1, 8, tzinfo=UTC),
        "just_due": datetime(2024, 3, 2, 11, tzinfo=UTC),
        "not_yet": datetime(2024, 4, 2, 8, tzinfo=UTC),
    }.items():
        people[key] = make_person(org.oslo, email=f"{key}@example.com", name=f"Leaver {key}", active=False)
        people[key].deactivated_at = gone
    db.session.commit()
    return people


def _names() -> set[str]:
    return set(db.session.scalars(sa.select(Person.name).where(Person.erased_at.is_not(None))))


def test_the_job_erases_those_gone_longer_than_the_setting(org, leavers):
    assert erase_leavers() == 2
    gone, due = leavers["long_gone"], leavers["just_due"]
    assert _names() == {f"erased-{gone.id}", f"erased-{due.id}"}
    assert db.session.get(Person, leavers["not_yet"].id).name == "Leaver not_yet"
    assert db.session.get(Person, org.employee.id).erased_at is None
    summaries = db.session.scalars(sa.select(AuditEvent.summary).where(AuditEvent.action == "person.erased"))
    assert sorted(summaries) == [
        f"erased-{gone.id}: erased by the retention job: deactivated more than 24 months ago",
        f"erased-{due.id}: erased by the retention job: deactivated more than 24 months ago",
    ]
    assert erase_leavers() == 0  # the next night finds nobody new


def test_the_setting_moves_the_line_and_zero_turns_it_off(app, org, leavers):
    app.config["RETENTION_MONTHS"] = 0
    try:
        assert erase_leavers() == 0
        app.config["RETENTION_MONTHS"] = 23
        assert erase_leavers() == 3
    finally:
        app.config["RETENTION_MONTHS"] = 24


@pytest.mark.parametrize("bad", [-1, "24", 2.5, True])
def test_a_malformed_setting_stops_the_start(bad):
    with pytest.raises(ConfigError, match="RETENTION_MONTHS"):
        _check_retention({"RETENTION_MONTHS": bad})


def test_the_preview_lists_who_goes_next_and_when(client, org, leavers):
    client.login(org.admin.email)
    page = client.get("/admin/retention").get_data(as_text=True)
    assert "People deactivated more than 24 months ago are erased every night" in page
    assert "2 people will be erased at the next run, Mar 3, 2026, 3:30" in page
    rows = page.split("<tbody>")[1]
    assert rows.index("Leaver long_gone") < rows.index("Leaver just_due") < rows.index("Leaver not_yet")
    assert rows.count("at the next run") == 2
    assert "on Apr 2, 2026" in rows
    assert "Data retention" in client.get("/admin/people").get_data(as_text=True)  # in the navigation
    assert _names() == set()  # the preview erases nobody


def test_the_command_line_previews_then_erases(app, org, leavers):
    runner = app.test_cli_runner()
    preview = runner.invoke(args=["privacy", "leavers", "--dry-run"])
    assert preview.exit_code == 0
    assert "2 leaver(s) deactivated more than 24 months ago would be erased." in preview.output
    assert "Leaver long_gone <long_gone@example.com>, deactivated 2024-02-01" in preview.output
    assert _names() == set()
    done = runner.invoke(args=["privacy", "leavers"])
    assert "Erased 2 leaver(s)." in done.output
    assert len(_names()) == 2


def test_the_command_line_erases_one_person(app, org):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["privacy", "erase", "OLA@example.com", "--yes"])
    assert result.exit_code == 0, result.output
    assert f"now known as erased-{org.colleague_in_oslo.id}" in result.output
    assert db.session.get(Person, org.colleague_in_oslo.id).email.endswith("@erased.invalid")
    unknown = runner.invoke(args=["privacy", "erase", "nobody@example.com", "--yes"])
    assert unknown.exit_code == 1 and "Nobody has the email nobody@example.com." in unknown.output
