"""The reminder rule: steps of a due date, 09:00 on working days in the office's zone, forward only."""

from datetime import UTC, date, datetime, timedelta

import pytest

from ambassador.clock import local_day
from ambassador.reminders.schedule import Rules, send_time, step_to_send, steps

RULES = Rules()  # window, 7 days before, on the day, every 7 days overdue at most 4 times
LONG_AGO = date(2020, 1, 1)


def _names(planned):
    return [(step.name, step.day.isoformat()) for step in planned]


def test_a_first_completion_brings_before_due_and_four_overdue_reminders():
    due = date(2026, 3, 16)  # a Monday
    assert _names(steps(RULES, due, None, LONG_AGO)) == [
        ("before", "2026-03-09"),
        ("due", "2026-03-16"),
        ("overdue-1", "2026-03-23"),
        ("overdue-2", "2026-03-30"),
        ("overdue-3", "2026-04-06"),
        ("overdue-4", "2026-04-13"),
    ]


def test_a_renewal_also_reminds_when_the_refresher_window_opens():
    due = date(2026, 3, 16)
    planned = steps(RULES, due, window_opens=date(2026, 2, 14), start=LONG_AGO)
    assert planned[0].name == "window" and planned[0].day == date(2026, 2, 14)


def test_a_plan_without_some_steps_leaves_them_out():
    rules = Rules(window_opens=False, days_before=None, on_due_date=False, overdue_every=14, overdue_max=2)
    due = date(2026, 3, 16)
    assert _names(steps(rules, due, date(2026, 2, 14), LONG_AGO)) == [
        ("overdue-1", "2026-03-30"),
        ("overdue-2", "2026-04-13"),
    ]


@pytest.mark.parametrize(
    ("timezone", "day", "expected_utc"),
    [
        ("Europe/Stockholm", date(2026, 3, 16), datetime(2026, 3, 16, 8, 0, tzinfo=UTC)),  # CET
        ("Europe/Stockholm", date(2026, 7, 15), datetime(2026, 7, 15, 7, 0, tzinfo=UTC)),  # CEST
        ("America/Bogota", date(2026, 3, 16), datetime(2026, 3, 16, 14, 0, tzinfo=UTC)),
        ("Asia/Dhaka", date(2026, 3, 16), datetime(2026, 3, 16, 3, 0, tzinfo=UTC)),
        ("Europe/Stockholm", date(2026, 3, 14), datetime(2026, 3, 16, 8, 0, tzinfo=UTC)),  # Saturday
        ("Europe/Stockholm", date(2026, 3, 15), datetime(2026, 3, 16, 8, 0, tzinfo=UTC)),  # Sunday
    ],
)
def test_sent_at_nine_on_a_working_day_in_the_offices_zone(timezone, day, expected_utc):
    assert send_time(day, timezone) == expected_utc


def test_the_local_day_is_the_offices_not_utcs():
    late_evening_utc = datetime(2026, 3, 15, 23, 30, tzinfo=UTC)
    assert local_day(late_evening_utc, "Europe/Stockholm") == date(2026, 3, 16)
    assert local_day(late_evening_utc, "America/Bogota") == date(2026, 3, 15)


def test_rules_apply_forward_nothing_before_the_start_is_sent():
    due = date(2026, 3, 16)
    start = date(2026, 3, 12)  # published after the "before" reminder's day
    assert [step.name for step in steps(RULES, due, None, start)][:2] == ["due", "overdue-1"]


def test_someone_already_overdue_at_the_start_gets_one_reminder_then_the_cadence():
    long_overdue = date(2025, 6, 1)
    start = date(2026, 3, 12)  # a Thursday
    assert _names(steps(RULES, long_overdue, None, start)) == [
        ("overdue-1", "2026-03-12"),
        ("overdue-2", "2026-03-19"),
        ("overdue-3", "2026-03-26"),
        ("overdue-4", "2026-04-02"),
    ]
    # Planning on the start day sends exactly one reminder, not a backlog.
    assert step_to_send(RULES, long_overdue, None, start, start).name == "overdue-1"


def test_only_the_latest_step_whose_day_has_come_is_sent():
    due = date(2026, 3, 16)
    assert step_to_send(RULES, due, None, LONG_AGO, date(2026, 3, 8)) is None
    assert step_to_send(RULES, due, None, LONG_AGO, date(2026, 3, 9)).name == "before"
    # Planning was down for a week and more: one reminder, the latest, not three.
    assert step_to_send(RULES, due, None, LONG_AGO, date(2026, 3, 24)).name == "overdue-1"
    assert step_to_send(RULES, due, None, LONG_AGO, date(2027, 1, 1)).name == "overdue-4"


def test_a_weekend_step_waits_for_monday():
    due = date(2026, 3, 21)  # a Saturday
    assert step_to_send(RULES, due, None, LONG_AGO, date(2026, 3, 21)).name == "before"
    assert step_to_send(RULES, due, None, LONG_AGO, date(2026, 3, 23)).name == "due"


def test_a_year_of_mornings_sends_each_reminder_once_in_order():
    """Plan every morning for a year: each step is sent once, on a working day, in order."""
    due = date(2026, 5, 20)
    window = date(2026, 4, 20)
    sent: dict[str, date] = {}
    day = date(2026, 1, 1)
    while day < date(2027, 1, 1):
        step = step_to_send(RULES, due, window, LONG_AGO, day)
        if step is not None and step.name not in sent:
            sent[step.name] = day
        day += timedelta(days=1)
    assert list(sent) == ["window", "before", "due", "overdue-1", "overdue-2", "overdue-3", "overdue-4"]
    assert all(day.weekday() < 5 for day in sent.values())
