"""The coverage snapshot: the fast figures equal the status rule summed person by person."""

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from ambassador import clock
from ambassador.completions.models import Method, Standing
from ambassador.completions.services import record_completion
from ambassador.completions.status import Status, status
from ambassador.db import db
from ambassador.org import services as org_services
from ambassador.org.models import Person
from ambassador.reports.models import CoverageSnapshot, CoverageTrend
from ambassador.reports.office import training
from ambassador.reports.snapshots import take
from ambassador.training.models import Audience
from tests.factories import make_module, make_office, make_person

PUBLISHED = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
COUNTS = ("required", "valid", "refresher_open", "overdue", "to_do")


def _snapshot(day: date) -> dict[tuple[int, int], tuple]:
    rows = db.session.scalars(sa.select(CoverageSnapshot).where(CoverageSnapshot.day == day))
    return {(r.office_id, r.module_id): tuple(getattr(r, n) for n in COUNTS) for r in rows}


def _trend(scope: str, key: str) -> dict[date, tuple]:
    rows = db.session.scalars(
        sa.select(CoverageTrend).where(CoverageTrend.scope == scope, CoverageTrend.key == key)
    )
    return {r.day: tuple(getattr(r, n) for n in COUNTS) for r in rows}


def _by_hand(modules, now) -> dict[tuple[int, int], tuple]:
    """The status rule in Python, person by person, summed per office and module."""
    counts: dict[tuple[int, int], dict[Status, int]] = defaultdict(lambda: defaultdict(int))
    for person in db.session.scalars(sa.select(Person).where(Person.active.is_(True))):
        for module in modules:
            standing = db.session.get(Standing, (person.id, module.id))
            value = status(module, person, standing.expires_at if standing else None, now)
            if value != Status.NOT_REQUIRED:
                counts[person.office_id, module.id][value] += 1
    result = {}
    for pair, c in counts.items():
        valid = c[Status.CURRENT] + c[Status.REFRESHER_OPEN]
        result[pair] = (sum(c.values()), valid, c[Status.REFRESHER_OPEN], c[Status.OVERDUE], c[Status.TO_DO])
    return result


def test_a_small_organisation_by_hand(org):
    basics = make_module(title="Basics", published_at=PUBLISHED, grace_days=30, refresher_days=30)
    oslo_only = make_module(title="Oslo", published_at=PUBLISHED, grace_days=120, audience=Audience.OFFICES)
    oslo_only.audience_offices = [org.oslo]
    record_completion(org.employee, basics, method=Method.QUIZ, completed_at=datetime(2026, 2, 1, tzinfo=UTC))
    record_completion(org.coordinator, basics, method=Method.QUIZ, completed_at=NOW - timedelta(days=350))
    org.admin.active = False
    db.session.commit()
    take(NOW)
    db.session.commit()
    # Stockholm, Basics: employee current, coordinator refresher open, ambassador overdue
    assert _snapshot(NOW.date()) == {
        (org.stockholm.id, basics.id): (3, 2, 1, 1, 0),
        (org.oslo.id, basics.id): (1, 0, 0, 1, 0),
        (org.oslo.id, oslo_only.id): (1, 0, 0, 0, 1),
    }
    assert _trend("company", "") == {NOW.date(): (5, 2, 1, 2, 1)}
    assert _trend("country", "NO") == {NOW.date(): (2, 0, 0, 1, 1)}
    assert _trend("module", str(basics.id)) == {NOW.date(): (4, 2, 1, 2, 0)}
    assert _trend("office", str(org.stockholm.id)) == {NOW.date(): (3, 2, 1, 1, 0)}


def test_each_day_keeps_its_last_snapshot_and_today_is_replaced(org):
    basics = make_module(title="Basics", published_at=PUBLISHED, grace_days=30)
    db.session.commit()
    take(NOW - timedelta(days=1))
    take(NOW)
    record_completion(org.employee, basics, method=Method.QUIZ, completed_at=NOW + timedelta(minutes=30))
    take(NOW + timedelta(hours=1))  # the same day, an hour later
    db.session.commit()
    company = _trend("company", "")
    assert company[(NOW - timedelta(days=1)).date()] == (5, 0, 0, 5, 0)
    assert company[NOW.date()] == (5, 1, 0, 4, 0)
    basics.published = False  # unpublished today: its rows go from today's snapshot only
    db.session.commit()
    take(NOW + timedelta(hours=2))
    db.session.commit()
    assert _snapshot(NOW.date()) == {}
    assert len(_snapshot((NOW - timedelta(days=1)).date())) == 2


def _drill_downs_agree(offices, modules, now) -> None:
    """Each office's drill-down (counted for that office alone) gives each person the rule's statuses."""
    for office in offices:
        found = training(office, modules, now)
        people = db.session.scalars(
            sa.select(Person).where(Person.active.is_(True), Person.office_id == office.id)
        )
        expected = {}
        for person in people:
            statuses = {}
            for module in modules:
                standing = db.session.get(Standing, (person.id, module.id))
                value = status(module, person, standing.expires_at if standing else None, now)
                if value != Status.NOT_REQUIRED:
                    statuses[module.id] = value
            expected[person.id] = statuses
        assert {colleague.id: colleague.statuses for colleague in found.page.items} == expected, office.name
        assert found.figures.required == sum(len(statuses) for statuses in expected.values())


def test_after_a_random_year_the_snapshot_equals_the_rule_person_by_person(org):
    """Passes, lapses, joiners, leavers, returns and moves, in random order over a year."""
    rng = random.Random(7)
    offices = [org.stockholm, org.oslo, make_office(name="Tokyo", country="JP", timezone="Asia/Tokyo")]
    modules = [
        make_module(
            title="Basics", published_at=PUBLISHED, grace_days=30, validity_months=3, refresher_days=20
        ),
        make_module(title="Japan", published_at=PUBLISHED, grace_days=10, audience=Audience.COUNTRIES),
        make_module(title="Ambassadors", published_at=PUBLISHED, audience=Audience.AMBASSADORS),
    ]
    modules[1].audience_countries = ["JP"]
    people = [make_person(rng.choice(offices), start_date=date(2025, 12, 1)) for _ in range(30)]
    db.session.commit()
    now = PUBLISHED
    for day in range(0, 365, 3):
        now = PUBLISHED + timedelta(days=day, hours=rng.randrange(24))
        clock.set_clock(lambda moment=now: moment)
        for _ in range(rng.randrange(6)):
            person, event = rng.choice(people), rng.random()
            if event < 0.5 and person.active:
                record_completion(person, rng.choice(modules), method=Method.QUIZ, completed_at=now)
            elif event < 0.6 and person.active:
                org_services.deactivate(person, actor=org.admin, now=now)
            elif event < 0.7 and not person.active:
                org_services.reactivate(person, actor=org.admin, now=now)
            elif event < 0.85:
                person.office = rng.choice(offices)
            elif event < 0.9:
                person.served_offices = [] if person.served_offices else [person.office]
            else:
                people.append(make_person(rng.choice(offices), start_date=now.date()))
        db.session.commit()
        if day % 30 == 0:
            take(now)
            db.session.commit()
            assert _snapshot(now.date()) == _by_hand(modules, now), now
            _drill_downs_agree(offices, modules, now)
    take(now)
    db.session.commit()
    expected = _by_hand(modules, now)
    assert _snapshot(now.date()) == expected
    assert sum(v[0] for v in expected.values()) > 20 and any(v[3] for v in expected.values())


def test_a_past_day_counted_from_the_history_equals_the_snapshot_taken_that_day(org):
    """`standing_on` (the demo's year of snapshots) gives what a snapshot on the day gave."""
    from ambassador.completions.coverage import standing_on

    basics = make_module(
        title="Basics", published_at=PUBLISHED, grace_days=30, validity_months=1, refresher_days=7
    )
    db.session.commit()
    people = [org.employee, org.ambassador, org.coordinator, org.admin, org.colleague_in_oslo]
    days = [PUBLISHED + timedelta(days=9 * n, hours=3) for n in range(12)]
    for n, day in enumerate(days):
        record_completion(people[n % 5], basics, method=Method.QUIZ, completed_at=day)
        take(day + timedelta(hours=1))
        db.session.commit()
    live = {d.date(): _snapshot(d.date()) for d in days}
    db.session.execute(sa.delete(CoverageSnapshot))
    for day in days:
        moment = day + timedelta(hours=1)
        take(moment, standing=standing_on(moment))
    db.session.commit()
    assert {d.date(): _snapshot(d.date()) for d in days} == live
    assert len({tuple(v.values()) for v in live.values()}) > 3  # the figures did change along the way
