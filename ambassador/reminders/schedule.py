"""The reminder rule: which reminders a due date brings, and when each is sent.

- A plan sends, for one due date: one when the refresher window opens (renewals only), one
  `days_before` the due date, one on the due date, then one every `overdue_every` days while
  overdue, at most `overdue_max` times. Each is keyed (person, module, due date, step), so it is
  sent once however often planning runs.
- Dates are the office's local days. A reminder is sent at 09:00 local time on its day, or on the
  next working day (Monday to Friday) when its day falls on a weekend: never at night.
- Rules apply forward: a step dated before the plan took effect (`start`, a local day) is never
  sent, so publishing a module, changing its plan or importing history sends no backlog. A person
  already overdue when the plan takes effect gets one reminder on the next working morning, then
  the normal cadence from there.
- At most one reminder per due date is sent at a time: when planning finds several steps whose day
  has come (planning was down for days), only the latest is sent and the older ones are dropped.
- A reminder goes out in office hours only (09:00 to 17:00 on a working day): one whose morning
  was missed (the scheduler was down) goes out when planning finds it in office hours, else the
  next working morning, never at night. One whose morning is more than `LATE_LIMIT` past is not
  sent at all: it would be news of a month ago, and the outbox forgets sent mail after 90 days,
  so the last reminder of someone who never completes (the latest step for good) would otherwise
  be sent again every 90 days.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from ambassador.clock import zone

SEND_AT = time(9, 0)
OFFICE_HOURS_END = time(17, 0)
SATURDAY = 5
LATE_LIMIT = timedelta(days=30)  # well inside the outbox's 90 days (mail.services.KEEP_FINISHED)


@dataclass(frozen=True)
class Rules:
    """A plan's settings (a ReminderPlan row, or the defaults)."""

    window_opens: bool = True
    days_before: int | None = 7
    on_due_date: bool = True
    overdue_every: int = 7
    overdue_max: int = 4

    @classmethod
    def of(cls, plan) -> "Rules":
        """The rules of a ReminderPlan row, or the defaults when there is none."""
        if plan is None:
            return cls()
        return cls(
            plan.window_opens, plan.days_before, plan.on_due_date, plan.overdue_every, plan.overdue_max
        )


@dataclass(frozen=True)
class Step:
    """One reminder of a due date: its name (part of its key) and its local day."""

    name: str
    day: date


def working_day(day: date) -> date:
    """`day`, or the Monday after it when it falls on a weekend."""
    while day.weekday() >= SATURDAY:
        day += timedelta(days=1)
    return day


@lru_cache(maxsize=65536)
def send_time(day: date, timezone: str) -> datetime:
    """09:00 in the office's time zone on `day`, or on the next working day, in UTC.

    Cached: planning asks it for the same few days and zones for every person.
    """
    local = datetime.combine(working_day(day), SEND_AT, tzinfo=zone(timezone))
    return local.astimezone(UTC)


def office_hours(now: datetime, timezone: str) -> bool:
    """Whether `now` is between 09:00 and 17:00 on a working day in the time zone (digests go then)."""
    local = now.astimezone(zone(timezone))
    return local.weekday() < SATURDAY and SEND_AT <= local.time() < OFFICE_HOURS_END


def may_go_out(morning: datetime, now: datetime, timezone: str) -> bool:
    """Whether a reminder due at `morning` goes out when planning runs at `now`.

    Its morning has come, it is office hours in the office (a missed morning waits for the next
    one, never the night), and it is at most `LATE_LIMIT` late.
    """
    return morning <= now and office_hours(now, timezone) and now - morning <= LATE_LIMIT


def steps(rules: Rules, due: date, window_opens: date | None, start: date) -> list[Step]:
    """Every reminder one due date brings under `rules`, in day order, from `start` on.

    `window_opens` is the day the refresher window opens (None for a first completion).
    """
    planned = []
    if rules.window_opens and window_opens is not None:
        planned.append(Step("window", window_opens))
    if rules.days_before:
        planned.append(Step("before", due - timedelta(days=rules.days_before)))
    if rules.on_due_date:
        planned.append(Step("due", due))
    planned = [step for step in planned if step.day >= start]
    # Overdue reminders count from the day after the due date, or from `start` for someone
    # already overdue when the rules took effect (one reminder then, then the normal cadence).
    first = due + timedelta(days=rules.overdue_every) if due >= start else start
    for n in range(rules.overdue_max):
        planned.append(Step(f"overdue-{n + 1}", first + timedelta(days=n * rules.overdue_every)))
    return sorted(planned, key=lambda step: step.day)


def step_to_send(rules: Rules, due: date, window_opens: date | None, start: date, today: date) -> Step | None:
    """The one reminder whose day has come for this due date (the latest), or None."""
    come = [step for step in steps(rules, due, window_opens, start) if working_day(step.day) <= today]
    return come[-1] if come else None
