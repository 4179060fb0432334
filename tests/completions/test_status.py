"""The status rule, simulated over two years with a fixed clock, in Python and in SQL."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from ambassador.completions.models import Method, Standing
from ambassador.completions.services import record_completion
from ambassador.completions.status import Status, add_months, due_date, new_expiry, status, status_sql
from ambassador.db import db
from ambassador.org.models import Office, Person, Role
from ambassador.training.models import Audience
from tests.factories import make_module, make_office, make_person

START = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)


def _expiry(person, module):
    standing = db.session.get(Standing, (person.id, module.id))
    return standing.expires_at if standing else None


def _sql_statuses(module, now) -> dict[int, str]:
    expr = status_sql(module, Standing.expires_at, now)
    query = (
        sa.select(Person.id, expr)
        .join(Office, Office.id == Person.office_id)
        .outerjoin(Standing, sa.and_(Standing.person_id == Person.id, Standing.module_id == module.id))
    )
    return dict(db.session.execute(query).all())


def test_add_months_keeps_the_day_or_the_months_last():
    assert add_months(datetime(2025, 1, 31, tzinfo=UTC), 1) == datetime(2025, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2024, 2, 29, tzinfo=UTC), 12) == datetime(2025, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2025, 11, 15, tzinfo=UTC), 3) == datetime(2026, 2, 15, tzinfo=UTC)


def test_recertification_rule(org):
    module = make_module(validity_months=12, refresher_days=30)
    expiry = datetime(2026, 6, 1, tzinfo=UTC)
    inside = expiry - timedelta(days=10)
    assert new_expiry(module, inside, expiry) == datetime(2027, 6, 1, tzinfo=UTC)  # from the old expiry
    early = expiry - timedelta(days=60)
    assert new_expiry(module, early, expiry) == add_months(early, 12)  # from its own date
    late = expiry + timedelta(days=5)
    assert new_expiry(module, late, expiry) == add_months(late, 12)  # after lapsing
    assert new_expiry(module, late, None) == add_months(late, 12)


def test_two_years_of_one_persons_status(org):
    """A new joiner: to do, overdue, current, refresher open, renewed early, lapsed, renewed late."""
    module = make_module(validity_months=12, refresher_days=30, grace_days=30, published_at=START)
    person = make_person(org.stockholm, start_date=date(2025, 1, 1))
    passes = {date(2025, 2, 15), date(2026, 1, 25), date(2027, 3, 1)}
    seen, expiries = {}, {}
    for day in range(800):
        now = START + timedelta(days=day)
        if now.date() in passes:
            record_completion(person, module, method=Method.QUIZ, completed_at=now)
        seen[now.date()] = status(module, person, _expiry(person, module), now)
        expiries[now.date()] = _expiry(person, module)
    assert seen[date(2025, 1, 31)] == Status.TO_DO  # due 2025-01-31 (start + 30 days)
    assert seen[date(2025, 2, 1)] == Status.OVERDUE
    assert seen[date(2025, 2, 15)] == Status.CURRENT
    assert expiries[date(2025, 2, 15)] == datetime(2026, 2, 15, 8, tzinfo=UTC)
    assert seen[date(2026, 1, 15)] == Status.CURRENT
    assert seen[date(2026, 1, 16)] == Status.REFRESHER_OPEN  # 30 days before expiry
    # renewed inside the window: the new year counts from the old expiry, not from the pass
    assert seen[date(2026, 1, 25)] == Status.CURRENT
    assert expiries[date(2026, 1, 25)] == datetime(2027, 2, 15, 8, tzinfo=UTC)
    assert seen[date(2027, 1, 16)] == Status.REFRESHER_OPEN
    assert seen[date(2027, 2, 14)] == Status.REFRESHER_OPEN
    assert seen[date(2027, 2, 15)] == Status.OVERDUE  # lapsed at 08:00 that day
    # renewed after lapsing: counts from its own date
    assert seen[date(2027, 3, 1)] == Status.CURRENT
    assert expiries[date(2027, 3, 1)] == datetime(2028, 3, 1, 8, tzinfo=UTC)
    assert set(seen.values()) == {Status.TO_DO, Status.OVERDUE, Status.CURRENT, Status.REFRESHER_OPEN}


def test_lapsed_then_renewed_counts_from_the_new_pass(org):
    module = make_module(validity_months=6, refresher_days=14, grace_days=0, published_at=START)
    person = make_person(org.stockholm, start_date=date(2024, 6, 1))
    record_completion(person, module, method=Method.QUIZ, completed_at=START)
    lapsed = add_months(START, 6) + timedelta(days=3)
    assert status(module, person, _expiry(person, module), lapsed) == Status.OVERDUE
    record_completion(person, module, method=Method.QUIZ, completed_at=lapsed)
    assert _expiry(person, module) == add_months(lapsed, 6)
    assert status(module, person, _expiry(person, module), lapsed) == Status.CURRENT


def test_existing_staff_get_the_grace_from_publication(org):
    module = make_module(grace_days=30, published_at=START)
    veteran = make_person(org.stockholm, start_date=date(2010, 5, 1))
    assert status(module, veteran, None, START + timedelta(days=29)) == Status.TO_DO
    assert status(module, veteran, None, START + timedelta(days=31)) == Status.OVERDUE


@pytest.mark.parametrize(
    ("audience", "role", "office", "required"),
    [
        (Audience.EVERYONE, Role.EMPLOYEE, "stockholm", True),
        (Audience.AMBASSADORS, Role.EMPLOYEE, "stockholm", False),
        (Audience.AMBASSADORS, "ambassador", "stockholm", True),
        (Audience.OFFICES, Role.EMPLOYEE, "oslo", True),
        (Audience.OFFICES, Role.EMPLOYEE, "stockholm", False),
        (Audience.COUNTRIES, Role.EMPLOYEE, "stockholm", True),
        (Audience.COUNTRIES, Role.EMPLOYEE, "oslo", False),
        (Audience.NOBODY, Role.EMPLOYEE, "stockholm", False),
    ],
)
def test_audience_decides_who_must_take_it(org, audience, role, office, required):
    module = make_module(audience=audience, published_at=START)
    module.audience_offices = [org.oslo] if audience == Audience.OFFICES else []
    module.audience_countries = ["SE"] if audience == Audience.COUNTRIES else []
    person = make_person(getattr(org, office), role)
    db.session.flush()
    got = status(module, person, None, START)
    assert (got != Status.NOT_REQUIRED) is required
    assert _sql_statuses(module, START)[person.id] == got


def test_a_draft_is_required_of_nobody(org):
    module = make_module(published=False)
    assert status(module, org.employee, None, START) == Status.NOT_REQUIRED
    assert _sql_statuses(module, START)[org.employee.id] == Status.NOT_REQUIRED


def test_python_and_sql_agree_for_many_people_over_two_years(org):
    """The SQL rule is the Python rule: checked weekly for people with every kind of history."""
    module = make_module(validity_months=12, refresher_days=45, grace_days=21, published_at=START)
    office = make_office(name="Simulated")
    people = []
    for n in range(24):
        start = date(2024, 1, 1) + timedelta(days=37 * n)  # some join after publication
        people.append(make_person(office, start_date=start if n % 7 else None))
    db.session.flush()
    seen = set()
    for day in range(0, 730, 7):
        now = START + timedelta(days=day, hours=day % 5)
        for index, person in enumerate(people):
            if index and day % (index * 11 + 30) == 0:
                record_completion(person, module, method=Method.QUIZ, completed_at=now)
        db.session.flush()
        expected = {p.id: status(module, p, _expiry(p, module), now) for p in people}
        got = _sql_statuses(module, now)
        assert {pid: got[pid] for pid in expected} == expected, now
        seen |= set(expected.values())
    assert seen == {Status.TO_DO, Status.OVERDUE, Status.CURRENT, Status.REFRESHER_OPEN}


def test_due_dates_are_the_offices_local_days_in_python_and_sql(org):
    """Published 23:30 UTC on 1 March: already 2 March in Tokyo, still 1 March in New York.

    Seven days to complete: Tokyo is due on 9 March and overdue from its own midnight
    (15:00 UTC on 9 March); New York is due on 8 March and overdue from its midnight (04:00 UTC
    on 9 March, summer time having begun on the 8th). Hour by hour, Python and SQL agree on both.
    """
    published = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    module = make_module(grace_days=7, published_at=published)
    tokyo = make_person(make_office(name="Tokyo", country="JP", timezone="Asia/Tokyo"))
    new_york = make_person(make_office(name="New York", country="US", timezone="America/New_York"))
    db.session.flush()

    assert due_date(module, None, "Asia/Tokyo") == date(2026, 3, 9)
    assert due_date(module, None, "America/New_York") == date(2026, 3, 8)
    overdue_from = {
        tokyo.id: datetime(2026, 3, 9, 15, tzinfo=UTC),
        new_york.id: datetime(2026, 3, 9, 4, tzinfo=UTC),
    }
    for hour in range(48):
        now = datetime(2026, 3, 8, 12, tzinfo=UTC) + timedelta(hours=hour)
        got = _sql_statuses(module, now)
        for person in (tokyo, new_york):
            expected = Status.OVERDUE if now >= overdue_from[person.id] else Status.TO_DO
            assert status(module, person, None, now) == expected, (person.office.name, now)
            assert got[person.id] == expected, (person.office.name, now)


def test_offices_in_zones_that_share_a_day_agree_in_python_and_sql(org):
    """Zones on the same local day share one condition in SQL; new joiners either side of the due date.

    Over two days, hour by hour, in five zones (two pairs share a day at every hour), with people who
    started long ago, on the cutoff day, the day after, and with no start date: SQL says what Python says.
    """
    module = make_module(grace_days=7, published_at=datetime(2026, 1, 5, 10, tzinfo=UTC))
    zones = ["Asia/Tokyo", "Asia/Seoul", "America/New_York", "America/Toronto", "Europe/Stockholm"]
    people = []
    for zone in zones:
        office = make_office(name=zone, country="SE", timezone=zone)
        for start in (date(2025, 1, 1), date(2026, 3, 1), date(2026, 3, 2), None):
            people.append(make_person(office, start_date=start))
    db.session.flush()
    for hour in range(0, 72, 3):
        now = datetime(2026, 3, 8, 0, tzinfo=UTC) + timedelta(hours=hour)
        got = _sql_statuses(module, now)
        for person in people:
            assert got[person.id] == status(module, person, None, now), (
                person.office.name,
                person.start_date,
                now,
            )
