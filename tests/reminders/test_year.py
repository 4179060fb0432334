"""A simulated year: 41 people in three offices, the real planner and outbox, a real SMTP server.

Each person gets exactly the reminders the plan says (worked out again in `tests.reminders.year`,
not by `reminders.planning`), each once, at 09:00 on a working day in their office's zone, and none
after they completed, left or stopped being required.
"""

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parsedate_to_datetime

import sqlalchemy as sa

from ambassador import clock
from ambassador.authoring.services import publish, save_settings, settings_of
from ambassador.completions.models import Method
from ambassador.completions.services import record_completion
from ambassador.db import db
from ambassador.mail.jobs import deliver_outbox, purge_outbox
from ambassador.mail.models import OutboxMessage, State
from ambassador.org.models import Person, Role
from ambassador.org.services import deactivate
from ambassador.reminders.jobs import plan_reminders
from ambassador.reminders.schedule import Rules
from ambassador.reminders.services import save_plan
from ambassador.training.models import Audience
from tests.factories import make_module, make_office, make_person
from tests.reminders.year import COMPLETED_AT, Course, Track, at_local, expected, local, track_of

# The year starts on a Monday: 07:00 in Stockholm, 01:00 in New York, 19:00 in Auckland.
T0 = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)
YEAR_END = T0 + timedelta(days=365)
STOCKHOLM, NEW_YORK, AUCKLAND = "Europe/Stockholm", "America/New_York", "Pacific/Auckland"
OFFICES = {  # name: (country, time zone, language)
    "Stockholm": ("SE", STOCKHOLM, "sv"),
    "New York": ("US", NEW_YORK, "en"),
    "Auckland": ("NZ", AUCKLAND, "en"),
}
# The defaults as the issue states them: window, 7 days before, due date, every 7 days at most 4 times.
DEFAULT_PLAN = Rules(window_opens=True, days_before=7, on_due_date=True, overdue_every=7, overdue_max=4)
BASICS = Course("Child protection basics", DEFAULT_PLAN, T0, 30, 6, 30, None)  # no plan row: the defaults
TRAVEL = Course(  # its own plan; published on a Monday at 15:00 in Stockholm, 03:00 Tuesday in Auckland
    "Safe travel",
    Rules(window_opens=False, days_before=14, on_due_date=True, overdue_every=10, overdue_max=2),
    datetime(2026, 2, 16, 14, 0, tzinfo=UTC),
    45,
    12,
    30,
    ("Stockholm", "Auckland"),  # not New York
)
AUCKLAND_LEAVES_TRAVEL = at_local(date(2026, 7, 15), COMPLETED_AT, AUCKLAND)


@dataclass
class Someone:
    """A person's year: when they completed each module (days from each due date, or a day)."""

    email: str
    office: str
    start: date | None
    basics: list = field(default_factory=list)
    travel: list = field(default_factory=list)
    joins: datetime | None = None  # created then (by the roster import), else before the year
    leaves: datetime | None = None  # deactivated then
    imported: datetime | None = None  # a past completion of the basics, imported before the year
    role: str = Role.EMPLOYEE

    @property
    def timezone(self) -> str:
        """The office's zone."""
        return OFFICES[self.office][1]


NAMED = [
    Someone("cora@example.com", "Stockholm", date(2019, 4, 1), [-15], [-30], role=Role.COORDINATOR),
    Someone(  # leaves in February, overdue
        "disa@example.com", "Stockholm", date(2021, 3, 1),
        leaves=at_local(date(2026, 2, 20), COMPLETED_AT, STOCKHOLM),
    ),
    Someone("dag@example.com", "Stockholm", date(2022, 8, 15), [0], [0]),  # on the due date, after 09:00
    Someone("rita@example.com", "Stockholm", date(2018, 1, 8), [-20, -5]),  # renews inside the window
    Someone(  # imported history, long lapsed: one reminder the first morning, then the cadence
        "ingrid@example.com", "Stockholm", date(2017, 5, 2), [date(2026, 1, 21), -4],
        imported=datetime(2025, 5, 12, 10, 0, tzinfo=UTC),
    ),
    Someone(  # imported history, still valid: the window opens in March
        "noah@example.com", "New York", date(2016, 9, 1), [-2],
        imported=datetime(2025, 10, 20, 15, 0, tzinfo=UTC),
    ),
    Someone("olle@example.com", "New York", None),  # never completes anything
    Someone(  # joins in September (the roster import a week before)
        "sam@example.com", "New York", date(2026, 9, 7), [], [-1],
        joins=at_local(date(2026, 8, 31), time(10), NEW_YORK),
    ),
    Someone(
        "mei@example.com", "New York", date(2026, 5, 18), [12],
        joins=at_local(date(2026, 5, 11), time(10), NEW_YORK),
    ),
    Someone("kenji@example.com", "Auckland", date(2019, 10, 1), [9], role="ambassador"),  # the weekly digest
    Someone("lars@example.com", "Auckland", date(2020, 2, 3), [3, 10]),  # late, then lapses and renews late
    Someone(  # joins in May; Auckland leaves the second module's audience in July
        "aroha@example.com", "Auckland", date(2026, 6, 1), [-5],
        joins=at_local(date(2026, 5, 25), time(10), AUCKLAND),
    ),
]  # fmt: skip
BASICS_HABITS = [[], [-10], [0], [2], [9], [16], [40], [-20, -6], [5, -12], [-3, 9], [-25, 3]]
TRAVEL_HABITS = [[], [-30], [-1], [4], [12], [25]]


def _everyone() -> list[Someone]:
    """The named people and 29 more with habits drawn from a fixed seed."""
    draw = random.Random(2026)
    people = list(NAMED)
    for office, count in (("Stockholm", 12), ("New York", 10), ("Auckland", 7)):
        for n in range(count):
            start = None if n == 3 else date(2015, 1, 1) + timedelta(days=draw.randrange(4000))
            email = f"{office.split()[0].lower()}{n}@example.com"
            people.append(
                Someone(email, office, start, draw.choice(BASICS_HABITS), draw.choice(TRAVEL_HABITS))
            )
    return people


def _track(someone: Someone, course: Course) -> Track | None:
    """Their due dates and completions for `course` over the year, or None when never required."""
    if course.offices is not None and someone.office not in course.offices:
        return None
    ends = [YEAR_END, someone.leaves or YEAR_END]
    if course is TRAVEL and someone.office == "Auckland":
        ends.append(AUCKLAND_LEAVES_TRAVEL)
    habits = someone.basics if course is BASICS else someone.travel
    imported = someone.imported if course is BASICS else None
    return track_of(someone.email, someone.timezone, course, someone.start, habits, min(ends), imported)


class World:
    """The organisation in the database, and what happens to it during the year."""

    def __init__(self, people: list[Someone]):
        clock.set_clock(lambda: T0)
        self.offices = {
            name: make_office(name=name, country=country, timezone=tz, language=language)
            for name, (country, tz, language) in OFFICES.items()
        }
        for someone in people:
            if someone.joins is None:
                self.join(someone)
        self.coordinator = self.person("cora@example.com")
        self.modules = {
            BASICS.title: make_module(title=BASICS.title, published_at=T0, grace_days=30, validity_months=6),
            TRAVEL.title: make_module(
                title=TRAVEL.title,
                published=False,
                grace_days=45,
                validity_months=12,
                audience=Audience.OFFICES,
            ),
        }
        travel = self.modules[TRAVEL.title]
        travel.audience_offices = [self.offices[name] for name in TRAVEL.offices]
        save_plan(travel, TRAVEL.rule, actor=self.coordinator, now=T0)
        for someone in people:
            if someone.imported:
                basics = self.modules[BASICS.title]
                record_completion(
                    self.person(someone.email), basics, method=Method.IMPORT, completed_at=someone.imported
                )
        db.session.commit()

    def person(self, email: str) -> Person:
        """A person by email."""
        return db.session.scalar(sa.select(Person).where(Person.email == email))

    def join(self, someone: Someone) -> None:
        """Add them to the roster."""
        office = self.offices[someone.office]
        make_person(office, someone.role, email=someone.email, name=someone.email, start_date=someone.start)

    def complete(self, email: str, title: str, now: datetime, expires: datetime) -> None:
        """They pass the module now; the expiry is the one the rule gives."""
        completion = record_completion(
            self.person(email), self.modules[title], method=Method.QUIZ, completed_at=now
        )
        assert completion.expires_at == expires, (email, title, now)

    def publish_travel(self, now: datetime) -> None:
        """The coordinator publishes the second module."""
        publish(self.modules[TRAVEL.title], actor=self.coordinator, now=now)

    def auckland_leaves_travel(self, now: datetime) -> None:
        """Auckland is taken out of the second module's audience."""
        travel = self.modules[TRAVEL.title]
        offices = [self.offices[name].id for name in TRAVEL.offices if name != "Auckland"]
        save_settings(
            travel, replace(settings_of(travel), office_ids=offices), actor=self.coordinator, now=now
        )

    def leave(self, email: str, now: datetime) -> None:
        """They leave the company."""
        deactivate(self.person(email), actor=self.coordinator, now=now)


def _events(world: World, people: list[Someone], tracks: list[Track]) -> dict[datetime, list]:
    """What happens in which hour of the year, besides the jobs."""
    events = defaultdict(list)
    events[TRAVEL.published_at].append(world.publish_travel)
    events[AUCKLAND_LEAVES_TRAVEL].append(world.auckland_leaves_travel)
    for someone in people:
        if someone.joins:
            events[someone.joins].append(lambda now, someone=someone: world.join(someone))
        if someone.leaves:
            events[someone.leaves].append(lambda now, email=someone.email: world.leave(email, now))
    for track in tracks:
        for moment, expires in track.completions:
            args = (track.email, track.course.title)
            events[moment].append(lambda now, args=args, expires=expires: world.complete(*args, now, expires))
    assert all(moment.minute == 0 and T0 <= moment < YEAR_END for moment in events)
    return events


def _hours(events: dict[datetime, list]) -> list[datetime]:
    """The hours in which something can happen: each office's 09:00 on its working days, and the events.

    Skipping the hours between changes nothing for a correct planner (a missed run is caught up);
    a reminder planned for a wrong hour or day goes out at another office's morning and shows.
    """
    hours = set(events)
    day = T0.date() - timedelta(days=1)
    while day <= YEAR_END.date():
        if day.weekday() < 5:
            hours.update(at_local(day, time(9), tz) for _country, tz, _language in OFFICES.values())
        day += timedelta(days=1)
    return sorted(hour for hour in hours if T0 <= hour < YEAR_END)


def _outbox() -> dict[str, sa.Row]:
    """Every outbox row, by Message-ID."""
    columns = (OutboxMessage.message_id, OutboxMessage.key, OutboxMessage.kind, OutboxMessage.to_address)
    rows = db.session.execute(sa.select(*columns, OutboxMessage.state))
    return {row.message_id: row for row in rows}


def _live_the_year(events: dict[datetime, list]) -> dict[str, sa.Row]:
    """The year as the scheduler runs it: the events of each hour, the daily purge, planning, delivery.

    Returns every outbox row there was (the purge deletes sent mail after 90 days).
    """
    seen, purged_on = {}, None
    hour = T0
    clock.set_clock(lambda: hour)
    for hour in _hours(events):
        for event in events.get(hour, ()):
            event(hour)
            db.session.commit()
        if hour.date() != purged_on:  # the daily purge, at the day's first run
            seen.update(_outbox())
            purge_outbox()
            purged_on = hour.date()
        plan_reminders()
        deliver_outbox()
    db.session.expire_all()
    return {**seen, **_outbox()}


def _arrived(smtp_server, outbox: dict[str, sa.Row]) -> dict[str, dict[str, list]]:
    """Each message received, once each, as (kind -> recipient -> [(row, moment sent)])."""
    arrived = Counter(r.message_id for r in smtp_server.received)
    assert set(arrived.values()) == {1}, "a message arrived twice"
    assert set(arrived) == set(outbox) and {row.state for row in outbox.values()} == {State.SENT}
    by_kind = defaultdict(lambda: defaultdict(list))
    for message in smtp_server.received:
        row = outbox[message.message_id]
        assert message.rcpt_tos == [row.to_address]
        sent = parsedate_to_datetime(message.message["Date"]).astimezone(UTC)
        by_kind[row.kind][row.to_address].append((row, sent))
    return by_kind


def _at_nine_on_a_working_day(sent: datetime, timezone: str) -> bool:
    """Whether a moment is 09:00 on Monday to Friday on the office's clock."""
    at_office = local(sent, timezone)
    return at_office.time() == time(9, 0) and at_office.weekday() < 5


def _reminders(arrived: dict[str, list], world: World, zones: dict[str, str]) -> dict[str, list]:
    """(module, due date, step, moment sent) of each reminder received, per recipient."""
    titles = {module.id: title for title, module in world.modules.items()}
    received = defaultdict(list)
    for email, messages in arrived.items():
        for row, sent in messages:
            _kind, _person, module_id, due, step = row.key.split(":")
            assert _at_nine_on_a_working_day(sent, zones[email]), (row.key, local(sent, zones[email]))
            received[email].append((titles[int(module_id)], date.fromisoformat(due), step, sent))
    return received


def test_a_year_of_reminders_is_exactly_the_plan(smtp_server):
    people = _everyone()
    tracks = [t for someone in people for course in (BASICS, TRAVEL) if (t := _track(someone, course))]
    world = World(people)
    arrived = _arrived(smtp_server, _live_the_year(_events(world, people, tracks)))

    zones = {someone.email: someone.timezone for someone in people}
    received = _reminders(arrived["reminder"], world, zones)
    planned = defaultdict(list)
    for track in tracks:
        planned[track.email].extend(expected(track))
    wrong = {
        email: {
            "missing": sorted(set(planned[email]) - set(got)),
            "extra": sorted(set(got) - set(planned[email])),
        }
        for email in sorted(set(planned) | set(received))
        if sorted(planned[email]) != sorted(got := received.get(email, []))
    }
    assert wrong == {}
    _the_year_was_a_real_one(received, zones)
    _digests_and_summaries(arrived, zones)


def _the_year_was_a_real_one(received: dict[str, list], zones: dict[str, str]) -> None:
    """The scenario exercised what it claims: every step, weekends, summer time, leavers."""
    everything = [reminder for reminders in received.values() for reminder in reminders]
    assert len(everything) > 250
    steps = {step for _title, _due, step, _sent in everything}
    assert steps >= {"window", "before", "due", "overdue-1", "overdue-2", "overdue-3", "overdue-4"}
    utc_hours = defaultdict(set)  # 09:00 moves in UTC with summer time (New York, Stockholm, Auckland)
    for email, reminders in received.items():
        utc_hours[zones[email]] |= {sent.hour for _title, _due, _step, sent in reminders}
    assert utc_hours == {
        STOCKHOLM: {7, 8}, NEW_YORK: {13, 14}, AUCKLAND: {20, 21}
    }  # fmt: skip
    disa = received["disa@example.com"]
    assert disa and max(sent for *_reminder, sent in disa) < NAMED[1].leaves  # nothing after she left
    aroha = [step for title, _due, step, _sent in received["aroha@example.com"] if title == TRAVEL.title]
    assert aroha == ["before"]  # her due date came after Auckland left the audience
    dag = [step for title, due, step, _sent in received["dag@example.com"] if due == date(2026, 2, 4)]
    assert dag == ["before", "due"]  # completed that afternoon: no overdue ones


def _digests_and_summaries(arrived: dict[str, dict], zones: dict[str, str]) -> None:
    """The coordinator's summary once a month, the ambassador's digest at most once a week, in the morning."""
    summaries = arrived["summary"]["cora@example.com"]
    months = [local(sent, zones["cora@example.com"]).date() for _row, sent in summaries]
    assert len(months) == len({(day.year, day.month) for day in months}) == 13  # January to January
    assert all(_at_nine_on_a_working_day(sent, STOCKHOLM) for _row, sent in summaries)
    digests = arrived["digest"]["kenji@example.com"]
    weeks = [local(sent, AUCKLAND).isocalendar()[:2] for _row, sent in digests]
    assert len(weeks) == len(set(weeks)) > 20
    assert all(_at_nine_on_a_working_day(sent, AUCKLAND) for _row, sent in digests)
    assert set(arrived) == {"reminder", "summary", "digest"}
