"""Planning over the standing table: who is reminded of what, when, in their office's morning."""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from ambassador import clock
from ambassador.completions.models import Method
from ambassador.completions.services import record_completion
from ambassador.db import db
from ambassador.mail.models import OutboxMessage
from ambassador.mail.services import taken_keys
from ambassador.org.services import deactivate
from ambassador.reminders import planning as plan_module
from ambassador.reminders.models import PLAN_DEFAULTS, ReminderPlan
from ambassador.reminders.planning import due_now, forecast
from ambassador.reminders.schedule import Rules
from ambassador.reminders.sending import queue_due
from ambassador.reminders.services import save_plan
from tests.factories import make_module, make_office, make_person

PUBLISHED = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)  # a Monday; due 30 days later: Wed 4 Feb


def _at(local_hour_utc: int, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, local_hour_utc, 0, tzinfo=UTC)


def _by_person(planned):
    return {(p.person_id, p.step) for p in planned}


def test_the_before_reminder_goes_out_at_nine_in_each_offices_morning(org):
    make_module(published_at=PUBLISHED, grace_days=30)
    bogota = make_office(name="Bogotá", country="CO", timezone="America/Bogota")
    anna = make_person(org.stockholm, start_date=date(2020, 1, 1))
    bea = make_person(bogota, start_date=date(2020, 1, 1))
    db.session.flush()
    before_day = date(2026, 1, 28)  # 7 days before 4 Feb

    at_0830_stockholm = _at(7, before_day) + timedelta(minutes=30)
    assert (anna.id, "before") not in _by_person(due_now(at_0830_stockholm))
    at_0900_stockholm = _at(8, before_day)
    planned = _by_person(due_now(at_0900_stockholm))
    assert (anna.id, "before") in planned and (bea.id, "before") not in planned  # 03:00 in Bogotá
    assert (bea.id, "before") in _by_person(due_now(_at(14, before_day)))  # 09:00 in Bogotá


def test_nobody_done_leaving_or_not_required_is_reminded(org):
    module = make_module(published_at=PUBLISHED, grace_days=30)
    done = make_person(org.stockholm, start_date=date(2020, 1, 1))
    record_completion(done, module, method=Method.QUIZ, completed_at=datetime(2026, 1, 20, tzinfo=UTC))
    leaver = make_person(org.stockholm, start_date=date(2020, 1, 1))
    deactivate(leaver, actor=org.admin, now=PUBLISHED)
    db.session.flush()
    people = {p.person_id for p in due_now(_at(9, date(2026, 2, 4)))}
    assert done.id not in people and leaver.id not in people
    assert org.employee.id in people


def test_the_key_is_stable_so_planning_twice_plans_the_same_reminders(org):
    make_module(published_at=PUBLISHED, grace_days=30)
    db.session.flush()
    now = _at(9, date(2026, 2, 4))
    first, again = due_now(now), due_now(now + timedelta(hours=3))
    assert {p.key for p in first} == {p.key for p in again}
    assert {p.step for p in first} == {"due"}


def test_a_plan_started_late_sends_the_overdue_one_reminder_then_the_cadence(org):
    module = make_module(published_at=PUBLISHED, grace_days=30)
    db.session.add(
        ReminderPlan(module_id=module.id, starts_at=datetime(2026, 6, 1, 12, 0, tzinfo=UTC), **PLAN_DEFAULTS)
    )
    db.session.flush()
    assert due_now(_at(9, date(2026, 5, 29))) == []  # before the plan: nothing, not a backlog
    planned = [p for p in due_now(_at(9, date(2026, 6, 2))) if p.person_id == org.employee.id]
    assert [(p.step, p.due) for p in planned] == [("overdue-1", date(2026, 2, 4))]
    later = [p for p in due_now(_at(9, date(2026, 6, 9))) if p.person_id == org.employee.id]
    assert [p.step for p in later] == ["overdue-2"]


def test_someone_added_to_the_roster_long_overdue_gets_the_overdue_reminder_then_the_cadence(org):
    """Joined in June with a start date from last year: due in February, so overdue from their first day.

    The rules apply from when they joined, as for a plan started late: one reminder the first
    morning after, then the weekly cadence, not nothing because February's steps are long past.
    """
    module = make_module(published_at=PUBLISHED, grace_days=30)  # due 4 Feb for anyone already there
    joined = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    late = make_person(org.stockholm, start_date=date(2025, 3, 1), created_at=joined)
    db.session.flush()

    def steps_on(day):
        return [
            (p.step, p.due)
            for p in due_now(_at(9, day))
            if p.person_id == late.id and p.module_id == module.id
        ]

    assert steps_on(date(2026, 6, 1)) == []  # that morning they were not on the roster yet
    assert steps_on(date(2026, 6, 2)) == [("overdue-1", date(2026, 2, 4))]
    assert steps_on(date(2026, 6, 9)) == [("overdue-2", date(2026, 2, 4))]


def test_imported_history_applies_forward(org, now):
    module = make_module(published_at=PUBLISHED, grace_days=30, validity_months=12)
    record_completion(  # imported today: it lapsed in 2024, but nobody is sent 2024's reminders
        org.employee, module, method=Method.IMPORT, completed_at=datetime(2023, 5, 1, tzinfo=UTC)
    )
    db.session.flush()
    planned = [p for p in due_now(now + timedelta(days=1)) if p.person_id == org.employee.id]
    assert [p.step for p in planned] == ["overdue-1"]


def test_the_forecast_counts_people_per_working_day(org):
    make_module(published_at=PUBLISHED, grace_days=30)
    db.session.flush()
    days = dict(forecast(_at(12, date(2026, 1, 26)), days=14))
    assert len(days) == 14 and all(day.weekday() < 5 for day in days)
    assert days[date(2026, 1, 28)] >= 1  # the "before" reminders
    assert days[date(2026, 2, 4)] == days[date(2026, 1, 28)]  # then the due-date ones


def test_planning_runs_the_same_statements_for_more_people(org, count_statements):
    make_module(published_at=PUBLISHED, grace_days=30)
    db.session.commit()
    now = _at(9, date(2026, 2, 4))
    with count_statements() as few:
        due_now(now)
    for _ in range(20):
        make_person(org.oslo, start_date=date(2020, 1, 1))
    db.session.commit()
    with count_statements() as many:
        assert len(due_now(now)) > 20
    assert many.count == few.count


def test_a_plan_started_in_the_evening_waits_for_the_next_morning(org):
    module = make_module(published_at=PUBLISHED, grace_days=30)
    evening = datetime(2026, 6, 4, 17, 30, tzinfo=UTC)  # Thursday, 19:30 in Stockholm
    db.session.add(ReminderPlan(module_id=module.id, starts_at=evening, **PLAN_DEFAULTS))
    db.session.flush()
    assert [p for p in due_now(evening + timedelta(minutes=1)) if p.person_id == org.employee.id] == []
    friday_morning = datetime(2026, 6, 5, 7, 0, tzinfo=UTC)  # 09:00 in Stockholm
    planned = [p for p in due_now(friday_morning) if p.person_id == org.employee.id]
    assert [(p.step, p.send_at) for p in planned] == [("overdue-1", friday_morning)]


def test_leaving_out_those_with_no_step_near_changes_nothing_that_goes_out(org, monkeypatch):
    """Planning skips people with no reminder near now: the same reminders, day after day, for 20 months."""
    published = datetime(2025, 1, 6, 10, tzinfo=UTC)
    module = make_module(
        title="Basics", published_at=published, grace_days=20, validity_months=6, refresher_days=60
    )
    db.session.add(ReminderPlan(module=module, starts_at=published))
    people = [
        make_person(org.stockholm, start_date=date(2024, 6, 1) + timedelta(days=23 * n)) for n in range(24)
    ]
    for n, person in enumerate(people[::2]):
        completions = [published + timedelta(days=17 * n)]
        if n % 3 == 0:  # some renew, some let it lapse
            completions.append(completions[0] + timedelta(days=170))
        for completed_at in completions:
            clock.set_clock(lambda at=completed_at: at)  # recorded as it happened
            record_completion(person, module, method=Method.QUIZ, completed_at=completed_at)
    clock.set_clock(None)
    db.session.commit()
    sent, skipped = 0, 0
    for day in range(600):
        now = published + timedelta(days=day, hours=-1.5)  # 08:30 UTC: office hours in Stockholm
        fast = due_now(now)
        waiting = len(plan_module.waiting_for(module, plan_module.Rules(), published, now, recent=True))
        monkeypatch.setattr(plan_module, "_recent", lambda *args: None)
        assert fast == due_now(now), now
        skipped += len(plan_module.waiting_for(module, plan_module.Rules(), published, now)) - waiting
        monkeypatch.undo()
        sent += len(fast)
    assert sent > 100 and skipped > sent  # reminders went out, and planning skipped more people than that


def test_marks_leave_out_only_what_is_already_queued_through_every_change(org, monkeypatch):
    """Three times a day for 450 days, planning with marks queues exactly what it would without them.

    Meanwhile people complete, renew and let it lapse, the plan changes, an office changes its
    time zone, people move office and their start dates are corrected.
    """
    published = datetime(2025, 1, 6, 10, tzinfo=UTC)
    module = make_module(
        title="Basics", published_at=published, grace_days=20, validity_months=6, refresher_days=60
    )
    db.session.add(ReminderPlan(module=module, starts_at=published))
    bogota = make_office(name="Bogotá", country="CO", timezone="America/Bogota")
    people = [
        make_person(org.stockholm if n % 3 else bogota, start_date=date(2024, 6, 1) + timedelta(days=23 * n))
        for n in range(24)
    ]
    db.session.commit()
    changes = {
        150: lambda now: save_plan(module, Rules(overdue_every=5, overdue_max=6), actor=org.admin, now=now),
        260: lambda now: setattr(org.stockholm, "timezone", "Asia/Tokyo"),
        330: lambda now: [setattr(person, "office", bogota) for person in people[1::4]],
        380: lambda now: [setattr(person, "start_date", date(2026, 1, 1)) for person in people[::5]],
    }
    completes = {
        person: [17 * n] + ([17 * n + 170] if n % 3 == 0 else []) for n, person in enumerate(people[::2])
    }
    completes[people[3]] = [200]  # long after the last overdue reminder: the window of the next round
    queued, left_out = 0, 0
    for day in range(450):
        for hour in (1.5, 8.5, 14.5):  # 10:30 in Tokyo, 09:30 or 10:30 in Stockholm, 09:30 in Bogotá
            now = published + timedelta(days=day, hours=hour - 10)
            clock.set_clock(lambda at=now: at)
            if hour == 8.5:
                if day in changes:
                    changes[day](now)
                for person, days in completes.items():
                    if day in days:
                        record_completion(person, module, method=Method.QUIZ, completed_at=now)
                db.session.commit()
            plan = db.session.get(ReminderPlan, module.id)
            rules, start = Rules.of(plan), max(published, plan.starts_at)
            with monkeypatch.context() as without_marks:
                without_marks.setattr(plan_module, "_unmarked", lambda query, *args: query)
                keys = [p.key for p in due_now(now)]
                expected = set(keys) - taken_keys(keys)
                unmarked = len(plan_module.waiting_for(module, rules, start, now, recent=True))
            before = set(db.session.scalars(sa.select(OutboxMessage.key)))
            queue_due(now)
            db.session.commit()
            assert set(db.session.scalars(sa.select(OutboxMessage.key))) - before == expected, now
            queued += len(expected)
            left_out += unmarked - len(plan_module.waiting_for(module, rules, start, now, recent=True))
    assert queued > 100 and left_out > queued  # reminders went out, and marks left out more than that
