"""The status of a person for a module: one rule, in Python for one person and in SQL for many.

- not required: the module is a draft, or its audience does not include the person
  (a module for "nobody" is optional: open to all, required of none);
- current: the latest completion has not expired and its refresher window has not opened;
- refresher open: the latest completion expires within the module's refresher window;
- overdue: the latest completion has expired, or there is none and the due date has passed;
- to do: no completion yet, and the due date is still ahead.

The due date of a first completion is the later of the person's start date and the day the
module was published, plus the module's days to complete (`grace_days`). Days are the person's
office's local days: a module published at 23:30 UTC on Monday was published on Tuesday in Tokyo,
and "overdue" begins when the office's day after the due date begins, not UTC's.

Recertification: a pass inside the refresher window extends from the old expiry date (no
penalty for renewing early); any other pass counts from its own date.
"""

import calendar
from datetime import date, datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.clock import local_day
from ambassador.org.access import is_ambassador
from ambassador.org.models import Office, Person, ambassador_office
from ambassador.org.queries import office_zones
from ambassador.training.models import Audience, module_office


class Status(StrEnum):
    """Where a person stands for a module."""

    CURRENT = "current"
    REFRESHER_OPEN = "refresher_open"
    OVERDUE = "overdue"
    TO_DO = "to_do"
    NOT_REQUIRED = "not_required"


LABELS = {
    Status.CURRENT: _l("Current"),
    Status.REFRESHER_OPEN: _l("Refresher open"),
    Status.OVERDUE: _l("Overdue"),
    Status.TO_DO: _l("To do"),
    Status.NOT_REQUIRED: _l("Optional"),
}


def label(value: str) -> str:
    """The words for a status, in the reader's language (the `status_label` filter)."""
    return LABELS.get(value, value)


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def refresher_opens(module, expires_at: datetime) -> datetime:
    """The refresher window: it opens `refresher_days` before a completion expires and closes at expiry."""
    return expires_at - timedelta(days=module.refresher_days)


def new_expiry(module, completed_at: datetime, previous_expiry: datetime | None) -> datetime:
    """Expiry of a completion made at `completed_at` (the recertification rule)."""
    if previous_expiry and refresher_opens(module, previous_expiry) <= completed_at < previous_expiry:
        return add_months(previous_expiry, module.validity_months)
    return add_months(completed_at, module.validity_months)


def example_dates(rules, today: datetime, published_at: datetime | None = None) -> dict:
    """The dates this rule gives for `rules` (a module or unsaved settings), from `today`.

    Shown on the settings page before saving: the due date of staff already there (publication
    day, or today for a draft, plus the days to complete) and of a new joiner starting today, a
    first pass's expiry and refresher window, a renewal inside the window and one after it lapsed.
    """
    expiry = add_months(today, rules.validity_months)
    window = refresher_opens(rules, expiry)
    renewal = window + timedelta(days=rules.refresher_days // 2)
    late = expiry + timedelta(days=10)
    return {
        "published": published_at,
        "staff_due": (published_at or today) + timedelta(days=rules.grace_days),
        "due": today + timedelta(days=rules.grace_days),
        "expiry": expiry,
        "window": window,
        "renewal": renewal,
        "renewed_expiry": new_expiry(rules, renewal, expiry),
        "late": late,
        "late_expiry": new_expiry(rules, late, expiry),
    }


def due_date(module, start_date: date | None, timezone: str) -> date | None:
    """When a first completion is due: max(start date, local publication day) + grace."""
    if module.published_at is None:
        return None
    published = local_day(module.published_at, timezone)
    start = max(start_date, published) if start_date else published
    return start + timedelta(days=module.grace_days)


def is_required(module, person: Person) -> bool:
    """Whether the module's audience includes the person."""
    if not module.published or not person.active:
        return False
    audience = module.audience
    if audience == Audience.EVERYONE:
        return True
    if audience == Audience.AMBASSADORS:
        return is_ambassador(person)
    if audience == Audience.OFFICES:
        return any(office.id == person.office_id for office in module.audience_offices)
    if audience == Audience.COUNTRIES:
        return person.office.country in module.audience_countries
    return False


def status(module, person: Person, expires_at: datetime | None, now: datetime) -> Status:
    """The status of `person` for `module`, given the expiry of their latest completion."""
    if not is_required(module, person):
        return Status.NOT_REQUIRED
    if expires_at is not None:
        if expires_at <= now:
            return Status.OVERDUE
        if refresher_opens(module, expires_at) <= now:
            return Status.REFRESHER_OPEN
        return Status.CURRENT
    timezone = person.office.timezone
    due = due_date(module, person.start_date, timezone)
    return Status.OVERDUE if due is not None and local_day(now, timezone) > due else Status.TO_DO


def may_require(module, office) -> bool:
    """Whether the module's audience can include anyone of `office` (a page about one office asks).

    Everyone's and the ambassadors' modules can; an office's or a country's only if it is that
    office or in that country.
    """
    if not module.published:
        return False
    if module.audience == Audience.OFFICES:
        return any(chosen.id == office.id for chosen in module.audience_offices)
    if module.audience == Audience.COUNTRIES:
        return office.country in module.audience_countries
    return module.audience in (Audience.EVERYONE, Audience.AMBASSADORS)


def _required_sql(module, person=Person, office=Office):
    """SQL condition: the module's audience includes the person."""
    if not module.published:
        return sa.false()
    audience = module.audience
    active = person.active.is_(True)
    if audience == Audience.EVERYONE:
        return active
    if audience == Audience.AMBASSADORS:
        serves = sa.select(ambassador_office.c.person_id).where(ambassador_office.c.person_id == person.id)
        return sa.and_(active, serves.exists())
    if audience == Audience.OFFICES:
        chosen = sa.select(module_office.c.office_id).where(module_office.c.module_id == module.id)
        return sa.and_(active, person.office_id.in_(chosen))
    if audience == Audience.COUNTRIES:
        return sa.and_(active, office.country.in_(module.audience_countries or [""]))
    return sa.false()


def _first_overdue_sql(module, now: datetime, zones, person, office):
    """SQL condition: never completed and past the due date, by each office's local day.

    due < today  <=>  both the start date and the publication day are before today - grace, in
    the office's days. Each time zone's days are worked out here, so the SQL has no date arithmetic.
    The zones that share a day (at any moment, two or three) share one condition: a short CASE is
    quick to build and to run, and is built for every module on every page that counts statuses.
    """
    if module.published_at is None:
        return sa.false()
    by_cutoff: dict = {}
    for zone in zones:
        cutoff = local_day(now, zone) - timedelta(days=module.grace_days)
        if local_day(module.published_at, zone) < cutoff:
            by_cutoff.setdefault(cutoff, []).append(zone)
    late = [
        sa.and_(
            office.timezone.in_(late_zones),
            sa.or_(person.start_date.is_(None), person.start_date < cutoff),
        )
        for cutoff, late_zones in sorted(by_cutoff.items())
    ]
    return sa.or_(*late) if late else sa.false()


def moments(modules, now: datetime) -> dict[str, datetime]:
    """The moments the status rule compares expiries with at `now`, by their parameter's name.

    `status_sql` names them, so a statement built once can be run again at another moment of the
    same local day (its due dates are written into it) by passing these as its parameters.
    """
    named = {_NOW: now}
    for module in modules:
        named[_refresher_from(module)] = now + timedelta(days=module.refresher_days)
    return named


_NOW = "status_now"


def _refresher_from(module) -> str:
    """The name of the moment from which an expiry is inside the module's refresher window."""
    return f"status_refresher_from_{module.refresher_days}"


def status_sql(module, expires_at, now: datetime, zones=None, person=Person, office=Office):
    """The same rule as `status` as a SQL CASE over person, office and standing columns.

    Everything that depends on the module alone is computed here in Python, so the SQL is
    portable between SQLite and PostgreSQL (no date arithmetic in the database). `zones` are the
    offices' time zones (read from the offices when not given: pass them when calling in a loop).
    `now` and the refresher windows' start are named parameters (`moments`): a statement asks about
    one moment.
    """
    # refresher_opens(expires_at) <= now  <=>  expires_at <= now + refresher_days (no SQL date arithmetic)
    at = sa.bindparam(_NOW, now, type_=expires_at.type)
    refresher_from = sa.bindparam(
        _refresher_from(module), now + timedelta(days=module.refresher_days), type_=expires_at.type
    )
    never_done = [(sa.not_(_required_sql(module, person, office)), Status.NOT_REQUIRED.value)]
    done = [
        (expires_at <= at, Status.OVERDUE.value),
        (expires_at <= refresher_from, Status.REFRESHER_OPEN.value),
        (expires_at.is_not(None), Status.CURRENT.value),
    ]
    zones = office_zones() if zones is None else zones
    first_overdue = _first_overdue_sql(module, now, zones, person, office)
    return sa.case(*never_done, *done, (first_overdue, Status.OVERDUE.value), else_=Status.TO_DO.value)
