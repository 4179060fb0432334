"""Planning: which reminders are due now, for everyone, in one statement per module.

The status rule (`completions.status.status_sql`) picks the people a module is required of and
who are not yet done; the schedule rule (`reminders.schedule`) decides which reminder each one's
due date brings today. Each planned reminder has a key (person, module, due date, step), so the
outbox sends it once however often planning runs.

Each queued reminder leaves a mark (`ReminderMark`, written by `remember`): until the next step's
morning, and while nothing its due date was worked out from changes, the next run would plan the
same reminder again, so planning leaves that person and module out in SQL. At 100,000 people most
of what is due on a morning was queued by an earlier run.
"""

import hashlib
from collections import Counter
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ambassador.clock import local_day, zone
from ambassador.completions.models import Completion, Standing
from ambassador.completions.status import Status, due_date, status_sql
from ambassador.db import db, upsert
from ambassador.org.models import Office, Person
from ambassador.org.queries import office_zones
from ambassador.reminders.models import ReminderMark, ReminderPlan
from ambassador.reminders.schedule import LATE_LIMIT, Rules, Step, may_go_out, send_time, steps, working_day
from ambassador.training.models import Module

SLACK = timedelta(days=5)
MARKS_PER_STATEMENT = 5000
WAITING = (Status.TO_DO.value, Status.OVERDUE.value, Status.REFRESHER_OPEN.value, Status.CURRENT.value)


class Planned(NamedTuple):
    """One reminder: to whom, for which module and due date, which step, and when it goes out."""

    person_id: int
    module_id: int
    due: date
    step: str
    day: date  # the step's local day (sent at 09:00 on it, or on the next working day)
    send_at: datetime
    next_at: datetime | None = None  # when the next step's 09:00 comes (None: this was the last)
    basis: tuple = ()  # what the due date was worked out from: a ReminderMark's columns (`remember`)

    @property
    def key(self) -> str:
        """The reminder's identity: sent once, however often planning runs."""
        return f"reminder:{self.person_id}:{self.module_id}:{self.due.isoformat()}:{self.step}"


class _Waiting(NamedTuple):
    """A person a module is required of, with what the schedule needs to know."""

    person_id: int
    timezone: str
    due: date
    window_opens: date | None
    start: date
    basis: tuple  # (rules mark, completion id, expires at, start date, time zone): see ReminderMark


def _recent(module, rules: Rules, starts_at: datetime, now: datetime):
    """SQL condition: the person may have a reminder to go out now; None when everyone may.

    No reminder goes out more than LATE_LIMIT late, so a completion's expiry matters now only
    when one of the steps it brings (the window, the days before, the due date, the overdue ones)
    falls within LATE_LIMIT before now; and someone never done only when their due date, or the
    module, is that recent. The rest are left out of planning (at 100,000 people, most of those
    a module is required of: in the quiet weeks between two steps, or long overdue). Those whose
    completion was recorded recently (history imported), those never done who joined the roster
    recently, and all when the rules started recently, are kept: they may get their first reminder
    now. Five days of slack cover time zones and weekends.
    """
    reach = timedelta(days=rules.overdue_every * rules.overdue_max) + LATE_LIMIT + SLACK
    cutoff = now - reach
    if starts_at >= cutoff:
        return None  # the rules started recently: even the long overdue get their first reminder
    since = cutoff - timedelta(days=module.grace_days)  # due = max(start, published) + grace
    started = sa.true() if module.published_at >= since else Person.start_date >= since.date()
    never_done = sa.and_(Standing.expires_at.is_(None), started)
    near = [
        Standing.expires_at.between(now - LATE_LIMIT - SLACK - latest, now + SLACK - earliest)
        for earliest, latest in _step_spans(module, rules)
    ]
    joined = sa.and_(Standing.expires_at.is_(None), Person.created_at >= cutoff)
    return sa.or_(never_done, joined, Completion.created_at >= cutoff, *near)


def _step_spans(module, rules: Rules) -> list[tuple[timedelta, timedelta]]:
    """How far from an expiry its steps fall, as spans (earliest, latest) with no gap of LATE_LIMIT."""
    expiry = date(2000, 1, 1)  # any day: only the distances count
    window = expiry - timedelta(days=module.refresher_days)
    offsets = sorted(step.day - expiry for step in steps(rules, expiry, window, date.min))
    spans: list[tuple[timedelta, timedelta]] = []
    for offset in offsets:
        if spans and offset - spans[-1][1] <= LATE_LIMIT:
            spans[-1] = (spans[-1][0], offset)
        else:
            spans.append((offset, offset))
    return spans


def waiting_for(
    module, rules: Rules, starts_at: datetime, now: datetime, person_ids=None, zones=None, recent=False
) -> list[_Waiting]:
    """Everyone `module` is required of whose due date is near or past (of `person_ids`), in one statement.

    `recent` is for planning now: it leaves out those whose every reminder is long past (see
    `_recent`) and those whose mark says nothing new has come since their last reminder was queued.
    """
    status = status_sql(module, Standing.expires_at, now, zones).label("status")
    horizon = now + timedelta(days=max(module.refresher_days, rules.days_before or 0) + 1)
    query = (
        sa.select(
            Person.id,
            Person.start_date,
            Office.timezone,
            Standing.expires_at,
            sa.func.coalesce(Completion.created_at, Person.created_at),
            Standing.completion_id,
            status,
        )
        .join(Office, Office.id == Person.office_id)
        .outerjoin(Standing, sa.and_(Standing.person_id == Person.id, Standing.module_id == module.id))
        .outerjoin(Completion, Completion.id == Standing.completion_id)
        .where(status.in_(WAITING), sa.or_(Standing.expires_at.is_(None), Standing.expires_at <= horizon))
    )
    if person_ids is not None:
        query = query.where(Person.id.in_(person_ids))
    mark = rules_mark(module, rules, starts_at)
    if recent:
        if (condition := _recent(module, rules, starts_at, now)) is not None:
            query = query.where(condition)
        query = _unmarked(query, module, mark, now)
    due_of = _DueDates(module, starts_at, mark)
    return [due_of(*row) for row in db.session.execute(query).all()]


def rules_mark(module, rules: Rules, starts_at: datetime) -> str:
    """A fingerprint of everything of the module's that its reminders' days are worked out from."""
    settings = (rules, str(starts_at), str(module.published_at), module.grace_days, module.refresher_days)
    return hashlib.blake2b(repr(settings).encode(), digest_size=16).hexdigest()


def _unmarked(query: sa.Select, module, mark: str, now: datetime) -> sa.Select:
    """`query` without the people whose mark still holds: same basis, and the next step not come yet."""
    holds = sa.and_(
        ReminderMark.person_id == Person.id,
        ReminderMark.module_id == module.id,
        ReminderMark.rules == mark,
        ReminderMark.completion_id.is_not_distinct_from(Standing.completion_id),
        ReminderMark.expires_at.is_not_distinct_from(Standing.expires_at),
        ReminderMark.start_date.is_not_distinct_from(Person.start_date),
        ReminderMark.timezone == Office.timezone,
        sa.or_(ReminderMark.next_at.is_(None), ReminderMark.next_at > now),
    )
    return query.outerjoin(ReminderMark, holds).where(ReminderMark.person_id.is_(None))


def remember(planned: list[Planned]) -> None:
    """Mark each planned reminder: the next runs skip it until its next step comes. The caller commits."""
    names = ("rules", "completion_id", "expires_at", "start_date", "timezone")
    in_order = sorted(planned, key=lambda p: (p.person_id, p.module_id))  # two planners lock rows alike
    rows = [
        {
            "person_id": p.person_id,
            "module_id": p.module_id,
            "next_at": p.next_at,
            **dict(zip(names, p.basis, strict=True)),
        }
        for p in in_order
    ]
    statement = upsert(ReminderMark)
    statement = statement.on_conflict_do_update(
        index_elements=["person_id", "module_id"],
        set_={name: statement.excluded[name] for name in (*names, "next_at")},
    )
    connection = db.session.connection()
    for start in range(0, len(rows), MARKS_PER_STATEMENT):
        connection.execute(statement, rows[start : start + MARKS_PER_STATEMENT])


class _DueDates:
    """Due date, refresher window and start of the rules for one module's people, in their office's days.

    What depends on the module alone is read once, not once per person.
    """

    def __init__(self, module, starts_at: datetime, mark: str):
        """For `module`, whose rules (fingerprinted as `mark`) took effect at `starts_at`."""
        self.module = module
        self.refresher = timedelta(days=module.refresher_days)
        self.starts_at = starts_at
        self.mark = mark

    def __call__(self, person_id, start_date, tz, expires_at, created_at, completion_id, _status) -> _Waiting:
        """One person's row of `waiting_for`."""
        if expires_at is None:
            due, window_opens = due_date(self.module, start_date, tz), None
            since = max(self.starts_at, created_at)  # the rules apply from when they joined the roster
        else:
            office_zone = zone(tz)  # local_day, inlined: this runs for every person
            due = expires_at.astimezone(office_zone).date()
            window_opens = (expires_at - self.refresher).astimezone(office_zone).date()
            since = max(self.starts_at, created_at)  # imported or earned history applies forward
        basis = (self.mark, completion_id, expires_at, start_date, tz)
        return _Waiting(person_id, tz, due, window_opens, _first_morning(since, tz), basis)


@lru_cache(maxsize=4096)
def _first_morning(since: datetime, timezone: str) -> date:
    """The first local day whose 09:00 comes after `since`: a plan started at 19:00 waits for tomorrow.

    Cached: for most people `since` is when their module's plan started.
    """
    day = local_day(since, timezone)
    return day if send_time(day, timezone) >= since else day + timedelta(days=1)


def _plans() -> dict[int, ReminderPlan]:
    """Every module's plan row, by module id."""
    return {plan.module_id: plan for plan in db.session.scalars(sa.select(ReminderPlan))}


def _start(module, plan: ReminderPlan | None) -> datetime:
    """When a module's reminder rules took effect: its publication, or its plan's last change."""
    return max(module.published_at, plan.starts_at) if plan else module.published_at


def due_dates(module, plan: ReminderPlan | None, now: datetime, person_ids: list[int]) -> dict[int, date]:
    """Each of `person_ids` still waiting for `module` (whose plan is `plan`) now, with their due date."""
    waiting = waiting_for(module, Rules.of(plan), _start(module, plan), now, person_ids)
    return {person.person_id: person.due for person in waiting}


def _each(now: datetime, recent=False):
    """(module, rules, person waiting) for every published module (`recent`: see `_recent`)."""
    plans, zones = _plans(), office_zones()
    published = sa.select(Module).where(Module.published.is_(True)).order_by(Module.id)
    for module in db.session.scalars(
        published.options(selectinload(Module.audience_offices), selectinload(Module.country_rows))
    ):
        plan = plans.get(module.id)
        rules = Rules.of(plan)
        for waiting in waiting_for(module, rules, _start(module, plan), now, zones=zones, recent=recent):
            yield module, rules, waiting


def _latest_come(rules: Rules, due: date, window_opens: date | None, start: date, timezone: str, now):
    """The latest step of a due date whose 09:00 has come in `timezone`, if it may go now.

    With that time, and when the next step's 09:00 comes (None: it was the last step).
    """
    every = steps(rules, due, window_opens, start)  # in day order, so their mornings are too
    come = 0
    while come < len(every) and send_time(every[come].day, timezone) <= now:
        come += 1
    if not come:
        return None
    send_at = send_time(every[come - 1].day, timezone)
    next_at = send_time(every[come].day, timezone) if come < len(every) else None
    return (every[come - 1], send_at, next_at) if may_go_out(send_at, now, timezone) else None


def due_now(now: datetime) -> list[Planned]:
    """The reminders whose 09:00 on a working day has come: for each due date, the latest step.

    Only in the office's office hours, and not more than `schedule.LATE_LIMIT` late (`may_go_out`).
    Many people share a due date, a start and a zone: each such case is worked out once.
    """
    planned = []
    latest: dict[tuple, tuple[Step, datetime, datetime | None] | None] = {}
    same_rules: dict[Rules, int] = {}  # modules with the same rules share their cases
    current, module_id, rules_index = None, 0, 0
    for module, rules, person in _each(now, recent=True):
        if module is not current:
            current, module_id, rules_index = module, module.id, same_rules.setdefault(rules, len(same_rules))
        case = (rules_index, person.due, person.window_opens, person.start, person.timezone)
        if case not in latest:
            latest[case] = _latest_come(rules, *case[1:], now)
        if (found := latest[case]) is not None:
            step, send_at, next_at = found
            planned.append(
                Planned(
                    person.person_id,
                    module_id,
                    person.due,
                    step.name,
                    step.day,
                    send_at,
                    next_at,
                    person.basis,
                )
            )
    return planned


class AsPublished:
    """A draft module seen as if published at `moment`: the forecast before publishing."""

    def __init__(self, module, moment: datetime):
        self._module, self.published, self.published_at = module, True, moment

    def __getattr__(self, name):
        return getattr(self._module, name)


def _working_days(now: datetime, days: int) -> list[date]:
    """The next `days` working days after today."""
    horizon = []
    day = working_day(now.date() + timedelta(days=1))
    while len(horizon) < days:
        horizon.append(day)
        day = working_day(day + timedelta(days=1))
    return horizon


def _count(pairs, now: datetime, days: int) -> list[tuple[date, int]]:
    """How many reminders fall on each of the next `days` working days."""
    counts: Counter[date] = Counter()
    for rules, person in pairs:
        for step in steps(rules, person.due, person.window_opens, person.start):
            counts[working_day(step.day)] += 1
    return [(day, counts[day]) for day in _working_days(now, days)]


def forecast(now: datetime, days: int = 14) -> list[tuple[date, int]]:
    """How many people will be reminded on each of the next `days` working days (their local days)."""
    future = now + timedelta(days=2 * days + 7)
    return _count(((rules, person) for _module, rules, person in _each(future)), now, days)


def forecast_module(module, rules: Rules, starts_at: datetime, now: datetime, days: int = 14):
    """The same for one module under `rules` (unsaved, or before publishing: see `AsPublished`)."""
    future = now + timedelta(days=2 * days + 7)
    return _count(((rules, person) for person in waiting_for(module, rules, starts_at, future)), now, days)


def plan_forecast(module, unsaved: Rules | None, now: datetime, days: int = 14) -> list[tuple[date, int]]:
    """The forecast a coordinator sees for a module: its saved plan, or `unsaved` rules from now on.

    A draft is forecast as if published now; unsaved rules would apply from now (rules apply forward).
    """
    plan = db.session.get(ReminderPlan, module.id)
    if not module.published:
        return forecast_module(AsPublished(module, now), unsaved or Rules.of(plan), now, now, days)
    if unsaved is not None:
        return forecast_module(module, unsaved, now, now, days)
    return forecast_module(module, Rules.of(plan), _start(module, plan), now, days)
