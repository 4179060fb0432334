"""Reminders over the outbox and a real SMTP server: content, language, link, once, dropped when done."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from ambassador import clock
from ambassador.completions.models import Method
from ambassador.completions.services import record_completion
from ambassador.db import db
from ambassador.mail.bulk import Bulk
from ambassador.mail.delivery import deliver
from ambassador.mail.jobs import purge_outbox
from ambassador.mail.models import OutboxMessage
from ambassador.reminders.sending import queue_due
from tests.factories import make_module, make_person

PUBLISHED = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)  # due 30 days later: Wednesday 4 February
DUE_MORNING = datetime(2026, 2, 4, 8, 0, tzinfo=UTC)  # 09:00 in Stockholm


def _run(now: datetime) -> None:
    """One planning run and one delivery run at `now`, as the scheduler does."""
    clock.set_clock(lambda: now)
    queue_due(now)
    db.session.commit()
    deliver()


def test_a_reminder_arrives_in_the_persons_language_with_its_link(org, smtp_server):
    module = make_module(title="Basics", published_at=PUBLISHED, grace_days=30)
    sara = make_person(org.stockholm, email="sara@example.com", start_date=date(2020, 1, 1))
    db.session.commit()
    _run(DUE_MORNING)
    to_sara = [r for r in smtp_server.received if r.rcpt_tos == [sara.email]]
    assert len(to_sara) == 1
    message = to_sara[0].message
    assert message["Subject"] == "Ska vara klar i dag: Basics (sv)"  # her office reads Swedish
    assert f"https://ambassador.test/training/{module.id}" in to_sara[0].part("plain")
    assert f'href="https://ambassador.test/training/{module.id}"' in to_sara[0].part("html")
    english = [r for r in smtp_server.received if r.rcpt_tos == [org.admin.email]][0]
    assert english.message["Subject"] == "Due today: Basics"


def test_planning_again_and_again_sends_each_reminder_once(org, smtp_server):
    make_module(published_at=PUBLISHED, grace_days=30)
    db.session.commit()
    for hours in (0, 1, 2, 5):
        _run(DUE_MORNING + timedelta(hours=hours))
    assert len([r for r in smtp_server.received if r.rcpt_tos == [org.employee.email]]) == 1


def test_a_person_who_completes_before_it_goes_out_is_not_sent_it(org, smtp_server):
    module = make_module(published_at=PUBLISHED, grace_days=30)
    db.session.commit()
    clock.set_clock(lambda: DUE_MORNING)
    queue_due(DUE_MORNING)  # planned; the delivery runs a little later
    record_completion(org.employee, module, method=Method.QUIZ, completed_at=DUE_MORNING)
    db.session.commit()
    deliver()
    assert org.employee.email not in {r.rcpt_tos[0] for r in smtp_server.received}
    dropped = db.session.scalar(
        sa.select(OutboxMessage).where(
            OutboxMessage.person_id == org.employee.id, OutboxMessage.kind == "reminder"
        )
    )
    assert dropped.state == "dropped"


def test_two_months_of_mornings_send_exactly_the_plan_on_working_mornings(org, smtp_server):
    make_module(published_at=PUBLISHED, grace_days=30)
    bogota = make_person(org.oslo, email="bea@example.com", start_date=date(2020, 1, 1))
    bogota.office.timezone = "America/Bogota"
    db.session.commit()
    for day in range(70):  # two runs a day: Stockholm's and Bogotá's 09:05
        for hour in (8, 14):
            _run(datetime(2026, 1, 20, hour, 5, tzinfo=UTC) + timedelta(days=day))
    to_bea = [r for r in smtp_server.received if r.rcpt_tos == ["bea@example.com"]]
    subjects = [r.message["Subject"].split(":")[0] for r in to_bea]
    assert subjects == ["Due in 7 days", "Due today", "Overdue", "Overdue", "Overdue", "Overdue"]
    for received in to_bea:
        sent = datetime.strptime(received.message["Date"], "%a, %d %b %Y %H:%M:%S %z").astimezone(UTC)
        assert sent.weekday() < 5 and sent.hour == 14  # 09:05 in Bogotá, never at night


def test_the_dry_run_prints_the_forecast_and_queues_nothing(app, org):
    make_module(published_at=PUBLISHED, grace_days=30)
    db.session.commit()
    clock.set_clock(lambda: DUE_MORNING)
    result = app.test_cli_runner().invoke(args=["reminders", "plan", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Reminders due now:" in result.output and "Forecast" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
    result = app.test_cli_runner().invoke(args=["reminders", "plan"])
    # due: five people in Stockholm and Oslo (09:00 there), and February's summary to the coordinator
    assert "Queued 6 new messages" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 6


def test_a_missed_morning_goes_out_the_next_morning_never_at_night(org, smtp_server):
    make_module(published_at=PUBLISHED, grace_days=30)
    db.session.commit()
    _run(datetime(2026, 2, 4, 21, 0, tzinfo=UTC))  # the scheduler was down all day: 22:00 in Stockholm
    _run(datetime(2026, 2, 5, 6, 0, tzinfo=UTC))  # 07:00
    assert smtp_server.received == []
    _run(datetime(2026, 2, 5, 8, 0, tzinfo=UTC))  # 09:00 the next morning
    to_elin = [r for r in smtp_server.received if r.rcpt_tos == [org.employee.email]]
    assert [r.message["Subject"] for r in to_elin] == ["Due today: Child protection basics"]
    assert to_elin[0].message["Date"] == "Thu, 05 Feb 2026 08:00:00 +0000"


def test_the_last_reminder_is_not_sent_again_when_the_outbox_forgets_it(org, smtp_server):
    make_module(published_at=PUBLISHED, grace_days=30)
    db.session.commit()
    for day in range(200):  # Elin never completes; the nightly purge deletes mail sent 90 days ago
        _run(datetime(2026, 1, 20, 8, 5, tzinfo=UTC) + timedelta(days=day))
        purge_outbox()
    to_elin = [r for r in smtp_server.received if r.rcpt_tos == [org.employee.email]]
    subjects = [r.message["Subject"].split(":")[0] for r in to_elin]
    assert subjects == ["Due in 7 days", "Due today", "Overdue", "Overdue", "Overdue", "Overdue"]


def test_planning_again_renders_nothing_already_queued(org, smtp_server, monkeypatch):
    make_module(published_at=PUBLISHED, grace_days=30)
    db.session.commit()
    _run(DUE_MORNING)
    monkeypatch.setattr(Bulk, "row", lambda *args, **kwargs: pytest.fail("rendered again"))
    assert queue_due(DUE_MORNING + timedelta(hours=1)) == 0


def test_queueing_runs_the_same_statements_for_more_people(org, count_statements):
    make_module(published_at=PUBLISHED, grace_days=30)
    make_module(title="Second", published_at=PUBLISHED, grace_days=30)
    db.session.commit()
    with count_statements() as few:
        assert queue_due(DUE_MORNING) > 0
    db.session.rollback()
    for n in range(40):
        make_person(org.oslo if n % 2 else org.stockholm, language=None, start_date=date(2020, 1, 1))
    db.session.commit()
    with count_statements() as many:
        assert queue_due(DUE_MORNING) > 80
    assert many.count == few.count
    db.session.commit()
    with count_statements() as again:
        assert queue_due(DUE_MORNING) == 0  # all queued: nothing rendered, nothing inserted
    assert again.count < many.count
