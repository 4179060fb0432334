"""Ambassadors' weekly digest and coordinators' monthly summary, over a real SMTP server."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from ambassador import clock
from ambassador.completions.models import Method
from ambassador.completions.services import record_completion
from ambassador.db import db
from ambassador.mail.delivery import deliver
from ambassador.mail.models import OutboxMessage, State
from ambassador.reminders.digests import queue_digests
from ambassador.reminders.jobs import plan_reminders
from tests.factories import make_module, make_office, make_person

PUBLISHED = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)  # 7 days to complete: overdue from 13 January
SUNDAY = datetime(2026, 2, 8, 9, 0, tzinfo=UTC)
MONDAY_EARLY = datetime(2026, 2, 9, 7, 0, tzinfo=UTC)  # 08:00 in Stockholm
MONDAY = datetime(2026, 2, 9, 8, 30, tzinfo=UTC)  # 09:30 in Stockholm


def _run(now: datetime) -> None:
    """One planning run and one delivery run at `now`, as the scheduler does."""
    clock.set_clock(lambda: now)
    plan_reminders()
    deliver()


def _to(smtp_server, person, subject_part: str):
    """What `person` received whose subject contains `subject_part`."""
    return [
        r
        for r in smtp_server.received
        if r.rcpt_tos == [person.email] and subject_part in r.message["Subject"]
    ]


@pytest.fixture
def overdue_module(org):
    """A module everyone in the small organisation is overdue with."""
    module = make_module(title="Basics", published_at=PUBLISHED, grace_days=7)
    db.session.commit()
    return module


def test_one_digest_a_week_lists_the_offices_overdue_colleagues(org, overdue_module, smtp_server):
    for moment in (SUNDAY, MONDAY_EARLY, MONDAY, MONDAY + timedelta(hours=1), MONDAY + timedelta(days=2)):
        _run(moment)
    digests = _to(smtp_server, org.ambassador, "Weekly digest")
    assert len(digests) == 1  # one email for all colleagues, once however often planning runs
    text = digests[0].part("plain")
    assert "Elin Employee: Basics (was due on Jan 12, 2026)" in text
    assert "Cora Coordinator" in text and "Alva Admin" in text
    assert "Ola Nordmann" not in text  # Oslo is not an office he serves
    assert "Amir Ambassador:" not in text  # his own training is his reminders' business
    assert f"https://ambassador.test/offices/{org.stockholm.id}" in text
    assert f'href="https://ambassador.test/offices/{org.stockholm.id}"' in digests[0].part("html")
    assert not _to(smtp_server, org.employee, "Weekly digest")  # only ambassadors get digests


def test_the_next_week_brings_the_next_digest(org, overdue_module, smtp_server):
    _run(MONDAY)
    _run(MONDAY + timedelta(days=7))
    assert len(_to(smtp_server, org.ambassador, "Weekly digest")) == 2


def test_no_digest_without_anyone_overdue_until_someone_is(org, smtp_server):
    module = make_module(title="Basics", published_at=datetime(2026, 2, 2, 10, tzinfo=UTC), grace_days=7)
    db.session.commit()
    _run(MONDAY)  # due 9 February: not overdue yet
    assert not _to(smtp_server, org.ambassador, "Weekly digest")
    for person in (org.coordinator, org.admin):
        record_completion(person, module, method=Method.QUIZ, completed_at=MONDAY)
    db.session.commit()
    _run(MONDAY + timedelta(days=1))  # Tuesday 09:30: Elin is one day overdue
    digests = _to(smtp_server, org.ambassador, "Weekly digest")
    assert len(digests) == 1
    assert digests[0].message["Subject"] == "Weekly digest: 1 colleague overdue with training"
    assert "Elin Employee: Basics (was due on Feb 9, 2026)" in digests[0].part("plain")
    assert "Cora Coordinator" not in digests[0].part("plain")


def test_the_digest_is_in_the_ambassadors_language_and_covers_each_office_served(
    org, overdue_module, smtp_server
):
    swede = make_person(org.stockholm, name="Siv Svensson", language="sv", serves=[org.stockholm, org.oslo])
    db.session.commit()
    _run(MONDAY)
    digests = _to(smtp_server, swede, "Veckobrev")
    assert len(digests) == 1
    text = digests[0].part("plain")
    assert "Ola Nordmann: Basics (sv)" in text  # Oslo too, titles in her language
    assert "Elin Employee: Basics (sv)" in text
    assert text.index("Oslo") < text.index("Stockholm")


def test_a_digest_is_dropped_when_its_ambassador_leaves_before_it_goes_out(org, overdue_module, smtp_server):
    clock.set_clock(lambda: MONDAY)
    queue_digests(MONDAY)
    org.ambassador.active = False
    db.session.commit()
    deliver()
    assert not _to(smtp_server, org.ambassador, "Weekly digest")
    message = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.kind == "digest"))
    assert message.state == State.DROPPED


def test_digests_run_the_same_statements_for_more_people(org, overdue_module, count_statements):
    clock.set_clock(lambda: MONDAY)
    with count_statements() as few:
        queue_digests(MONDAY)
    db.session.execute(sa.delete(OutboxMessage))
    for _ in range(30):
        make_person(org.stockholm)
    make_person(org.oslo, "ambassador")
    db.session.commit()
    with count_statements() as many:
        queue_digests(MONDAY)
    # one more ambassador is one more message to insert; the colleagues cost nothing
    assert many.count == few.count + 1


FIRST_MONDAY = datetime(2026, 2, 2, 8, 30, tzinfo=UTC)  # 1 February 2026 is a Sunday


def test_one_summary_a_month_to_each_coordinator_with_the_figures(org, smtp_server):
    module = make_module(title="Basics", published_at=PUBLISHED, grace_days=7)
    make_module(title="Draft", published=False)
    for person in (org.employee, org.ambassador):
        record_completion(person, module, method=Method.QUIZ, completed_at=datetime(2026, 1, 20, tzinfo=UTC))
    db.session.commit()
    for moment in (datetime(2026, 2, 1, 9, tzinfo=UTC), FIRST_MONDAY, FIRST_MONDAY + timedelta(days=3)):
        _run(moment)
    summaries = _to(smtp_server, org.coordinator, "Monthly training summary")
    assert len(summaries) == 1
    assert summaries[0].message["Subject"] == "Monthly training summary, February 2026"
    text = summaries[0].part("plain")
    assert "Training coverage as of Feb 2, 2026." in text
    # 5 people required (4 in Stockholm, 1 in Oslo), 2 valid, 3 overdue
    assert "All modules: 40% (2 valid of 5 required; 3 overdue, 0 to do, 0 open for renewal)" in text
    assert "- Basics: 40%" in text and "Draft" not in text
    assert "divided by the people it is required of" in text
    assert "https://ambassador.test/offices" in text
    for person in (org.admin, org.ambassador, org.employee):
        assert not _to(smtp_server, person, "Monthly training summary")
    _run(datetime(2026, 3, 2, 8, 30, tzinfo=UTC))
    assert len(_to(smtp_server, org.coordinator, "Monthly training summary")) == 2


def test_the_summary_waits_for_office_hours_in_the_coordinators_zone(org, smtp_server):
    tokyo = make_office(name="Tokyo", country="JP", timezone="Asia/Tokyo", language="en")
    far = make_person(tokyo, "coordinator", name="Kenji", language="en")
    db.session.commit()
    _run(FIRST_MONDAY)  # 17:30 in Tokyo: after office hours there
    assert not _to(smtp_server, far, "Monthly")
    assert _to(smtp_server, org.coordinator, "Monthly")
    _run(datetime(2026, 2, 3, 0, 30, tzinfo=UTC))  # 09:30 on Tuesday in Tokyo
    assert len(_to(smtp_server, far, "Monthly")) == 1
    assert date(2026, 2, 3).strftime("%b %-d, %Y") in _to(smtp_server, far, "Monthly")[0].part("plain")


def test_a_long_list_is_one_line_per_colleague_and_stops_at_twenty(org, overdue_module, smtp_server):
    make_module(title="Second", published_at=PUBLISHED, grace_days=14)
    for n in range(21):
        make_person(org.stockholm, name=f"Colleague {n:02d}")
    db.session.commit()
    _run(MONDAY)
    [digest] = _to(smtp_server, org.ambassador, "Weekly digest")
    assert digest.message["Subject"] == "Weekly digest: 24 colleagues overdue with training"
    text = digest.part("plain")
    assert "Stockholm: 24 colleagues overdue" in text
    # one line each, modules in the order they fell due, the longest overdue first
    assert "- Alva Admin: Basics, Second (was due on Jan 12, 2026)" in text
    assert text.count("\r\n- ") == 20
    assert "and 4 more on the office page:" in text
