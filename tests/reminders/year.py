"""The reminder rule written out again for the simulated year, independently of `reminders.planning`.

From the issue and `reminders.schedule`'s docstring: for one due date, a reminder when the refresher
window opens (renewals only), one `days_before` the due date, one on the due date, then one every
`overdue_every` days while overdue, at most `overdue_max` times. Each goes out at 09:00 on its local
day in the office's zone, or on the Monday after when that day is a Saturday or Sunday. Rules apply
forward: a reminder whose morning comes before the rules took effect is never sent, and a person
already overdue then gets one reminder on the next morning, then the cadence. When two reminders
share a morning, only the later one goes out. Nothing goes out once the person has completed, left
or stopped being required.
"""

import calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ambassador.reminders.schedule import Rules

NINE = time(9, 0)
COMPLETED_AT = time(14, 0)  # people in the simulation complete at 14:00 local time


@dataclass(frozen=True)
class Course:
    """A module as the simulation sees it."""

    title: str
    rule: Rules  # the plan's settings (a plain record; the rule is worked out here)
    published_at: datetime
    grace_days: int
    validity_months: int
    refresher_days: int
    offices: tuple[str, ...] | None  # None: everyone


@dataclass
class Cycle:
    """One due date of one person for one module, and the span in which its reminders may go out."""

    due: date
    window: date | None  # the day the refresher window opens (renewals only)
    since: datetime  # the rules apply from this moment
    until: datetime  # completed, left, out of the audience, or the end of the year


@dataclass
class Track:
    """One person's year with one module: their due dates, and when they completed each."""

    email: str
    timezone: str
    course: Course
    cycles: list[Cycle] = field(default_factory=list)
    completions: list[tuple[datetime, datetime]] = field(default_factory=list)  # (moment, new expiry)


def morning(day: date, timezone: str) -> datetime:
    """09:00 in `timezone` on `day`, or on the Monday after a weekend day, in UTC."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, NINE, ZoneInfo(timezone)).astimezone(UTC)


def local(moment: datetime, timezone: str) -> datetime:
    """A UTC moment on the office's clock."""
    return moment.astimezone(ZoneInfo(timezone))


def at_local(day: date, hour: time, timezone: str) -> datetime:
    """`hour` on `day` in `timezone`, in UTC."""
    return datetime.combine(day, hour, ZoneInfo(timezone)).astimezone(UTC)


def plus_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def expiry_after(course: Course, completed: datetime, previous: datetime | None) -> datetime:
    """A pass inside the refresher window extends from the old expiry; any other counts from its day."""
    window = previous - timedelta(days=course.refresher_days) if previous else None
    if previous and window <= completed < previous:
        return plus_months(previous, course.validity_months)
    return plus_months(completed, course.validity_months)


def renewal(expires: datetime, course: Course, timezone: str, since: datetime, until: datetime) -> Cycle:
    """The cycle a completion expiring at `expires` starts (days are the office's days)."""
    window = local(expires - timedelta(days=course.refresher_days), timezone).date()
    return Cycle(local(expires, timezone).date(), window, since, until)


def track_of(
    email: str,
    timezone: str,
    course: Course,
    start: date | None,
    habits: list,
    end: datetime,
    imported: datetime | None = None,
) -> Track:
    """A person's due dates for `course` until `end`, given when they complete (`habits`: days
    from each due date, at 14:00, or a day), and a completion imported when the course began."""
    found = Track(email, timezone, course)
    expires = None
    if imported:
        expires = expiry_after(course, imported, None)
        cycle = renewal(expires, course, timezone, course.published_at, end)
    else:
        published = local(course.published_at, timezone).date()
        first = max(start, published) if start else published
        cycle = Cycle(first + timedelta(days=course.grace_days), None, course.published_at, end)
    for habit in habits:
        day = habit if isinstance(habit, date) else cycle.due + timedelta(days=habit)
        moment = at_local(day, COMPLETED_AT, timezone)
        if moment >= end:
            break
        cycle.until = moment
        found.cycles.append(cycle)
        expires = expiry_after(course, moment, expires)
        found.completions.append((moment, expires))
        cycle = renewal(expires, course, timezone, moment, end)
    found.cycles.append(cycle)
    return found


def reminders(cycle: Cycle, rule: Rules, timezone: str) -> list[tuple[str, datetime]]:
    """(step, moment sent) for every reminder `cycle` brings under `rule`, in order."""
    dated = []
    if rule.window_opens and cycle.window is not None:
        dated.append(("window", cycle.window))
    if rule.days_before:
        dated.append(("before", cycle.due - timedelta(days=rule.days_before)))
    if rule.on_due_date:
        dated.append(("due", cycle.due))
    dated = [(step, day) for step, day in dated if morning(day, timezone) >= cycle.since]
    if morning(cycle.due, timezone) >= cycle.since:
        first = cycle.due + timedelta(days=rule.overdue_every)
    else:  # already overdue when the rules took effect: the next morning, then the cadence
        first = local(cycle.since, timezone).date()
        while morning(first, timezone) < cycle.since:
            first += timedelta(days=1)
    for n in range(rule.overdue_max):
        dated.append((f"overdue-{n + 1}", first + timedelta(days=n * rule.overdue_every)))
    by_morning: dict[datetime, str] = {}
    for step, day in sorted(dated, key=lambda pair: pair[1]):
        by_morning[morning(day, timezone)] = step  # two on one morning: the later one
    return [(step, moment) for moment, step in sorted(by_morning.items()) if moment < cycle.until]


def expected(track: Track) -> list[tuple[str, date, str, datetime]]:
    """(module title, due date, step, moment sent) of every reminder a track brings."""
    return [
        (track.course.title, cycle.due, step, moment)
        for cycle in track.cycles
        for step, moment in reminders(cycle, track.course.rule, track.timezone)
    ]
