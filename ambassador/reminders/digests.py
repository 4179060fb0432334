"""Digests: each ambassador's weekly list of their offices' overdue colleagues, each coordinator's
monthly summary.

- One email per ambassador per week (never one per colleague), keyed by the ISO week of their
  office's calendar; one per coordinator per month, keyed by the month. Planning may run any number
  of times: the key keeps each once.
- Queued in office hours (09:00 to 17:00 on a working day in the recipient's office zone): the
  first planning run of the week, or of the month, in those hours. An ambassador whose offices have
  nobody overdue gets no digest; it goes out the first working morning in that week that has
  someone to report.
- Figures come from the status rule (`completions.status`), as of the moment of queueing.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ambassador.clock import local_day
from ambassador.completions.coverage import Figures, plain_counts
from ambassador.completions.models import Standing
from ambassador.completions.status import Status, due_date, status_sql
from ambassador.db import db
from ambassador.mail.models import OutboxMessage, State
from ambassador.mail.services import queue, taken_keys
from ambassador.org.models import Office, Person, Role, ambassador_office
from ambassador.org.queries import office_zones
from ambassador.reminders.schedule import office_hours
from ambassador.training.models import Module
from ambassador.web import external_url

DIGEST, SUMMARY = "digest", "summary"
LISTED = 20  # colleagues per office in a digest; the office page has the rest


@dataclass(frozen=True)
class Overdue:
    """One overdue colleague for one module."""

    person_id: int
    name: str
    office_id: int
    module_id: int
    since: date  # the due date (or expiry day) that passed, in the office's days


def digest_key(person: Person, now: datetime) -> str:
    """The digest's identity: one per ambassador per ISO week of their office's calendar."""
    year, week, _ = local_day(now, person.office.timezone).isocalendar()
    return f"{DIGEST}:{person.id}:{year}-W{week:02d}"


def summary_key(person: Person, now: datetime) -> str:
    """The summary's identity: one per coordinator per month of their office's calendar."""
    day = local_day(now, person.office.timezone)
    return f"{SUMMARY}:{person.id}:{day.year}-{day.month:02d}"


def _not_yet_queued(people: list[Person], key) -> list[tuple[Person, str]]:
    """Of `people` in office hours, those whose message has no row yet, each with its key."""
    keyed = {key(p): p for p in people}
    if not keyed:
        return []
    taken = taken_keys(list(keyed))
    return [(person, k) for k, person in keyed.items() if k not in taken]


def _published() -> list[Module]:
    """The published modules with what the status rule and the titles need."""
    query = sa.select(Module).where(Module.published.is_(True)).order_by(Module.id)
    options = (
        selectinload(Module.audience_offices),
        selectinload(Module.country_rows),
        selectinload(Module.texts),
    )
    return list(db.session.scalars(query.options(*options)))


def overdue_in(office_ids: set[int], modules: list[Module], now: datetime) -> list[Overdue]:
    """Everyone overdue for a module in `office_ids`: one statement per module."""
    zones, found = office_zones(), []
    for module in modules:
        status = status_sql(module, Standing.expires_at, now, zones)
        query = (
            sa.select(
                Person.id,
                Person.name,
                Person.office_id,
                Person.start_date,
                Office.timezone,
                Standing.expires_at,
            )
            .join(Office, Office.id == Person.office_id)
            .outerjoin(Standing, sa.and_(Standing.person_id == Person.id, Standing.module_id == module.id))
            .where(Person.office_id.in_(office_ids), status == Status.OVERDUE.value)
        )
        for row in db.session.execute(query):
            if row.expires_at is None:
                since = due_date(module, row.start_date, row.timezone)
            else:
                since = local_day(row.expires_at, row.timezone)
            found.append(Overdue(row.id, row.name, row.office_id, module.id, since))
    return found


def _ambassadors(now: datetime) -> list[Person]:
    """Active ambassadors in office hours, with the offices they serve."""
    serving = sa.select(ambassador_office.c.person_id)
    query = sa.select(Person).where(Person.active.is_(True), Person.id.in_(serving))
    people = db.session.scalars(query.options(selectinload(Person.served_offices)))
    return [p for p in people if office_hours(now, p.office.timezone)]


def _colleagues(rows: list[Overdue], modules: dict[int, Module], language: str) -> list[dict]:
    """One line per overdue colleague: their modules and since when, longest overdue first."""
    by_person: dict[int, list[Overdue]] = defaultdict(list)
    for row in rows:
        by_person[row.person_id].append(row)
    lines = [
        {
            "name": mine[0].name,
            "titles": [
                modules[r.module_id].text(language).title for r in sorted(mine, key=lambda r: r.since)
            ],
            "since": min(r.since for r in mine),
        }
        for mine in by_person.values()
    ]
    return sorted(lines, key=lambda line: (line["since"], line["name"]))


def _digest_context(person: Person, overdue: list[Overdue], modules: dict[int, Module]) -> dict:
    """What one ambassador's digest says: per office served, the overdue colleagues (not themself)."""
    by_office = defaultdict(list)
    for row in overdue:
        if row.person_id != person.id:
            by_office[row.office_id].append(row)
    offices = []
    for office in person.served_offices:
        colleagues = _colleagues(by_office.get(office.id, []), modules, person.locale)
        if colleagues:
            offices.append(
                {
                    "name": office.name,
                    "colleagues": colleagues[:LISTED],
                    "count": len(colleagues),
                    "more": max(len(colleagues) - LISTED, 0),
                    "link": external_url("org.office", office_id=office.id),
                }
            )
    return {"offices": offices, "total": sum(office["count"] for office in offices)}


def queue_digests(now: datetime) -> int:
    """Queue this week's digest for each ambassador in office hours with someone overdue; how many."""
    due = _not_yet_queued(_ambassadors(now), lambda p: digest_key(p, now))
    if not due:
        return 0
    modules = _published()
    overdue = overdue_in({o.id for person, _key in due for o in person.served_offices}, modules, now)
    by_id, queued = {m.id: m for m in modules}, 0
    for person, key in due:
        context = _digest_context(person, overdue, by_id)
        if context["offices"]:
            queued += queue(person, DIGEST, "digest", key=key, now=now, context=context) is not None
    return queued


def _coordinators(now: datetime) -> list[Person]:
    """Active coordinators in office hours."""
    query = sa.select(Person).where(Person.active.is_(True), Person.role == Role.COORDINATOR)
    return [p for p in db.session.scalars(query) if office_hours(now, p.office.timezone)]


def _figures(modules: list[Module], now: datetime) -> tuple[dict[int, Figures], Figures]:
    """The coverage figures per module and over all modules, in one statement."""
    per_module, total = {module.id: Figures() for module in modules}, Figures()
    for _office, module_id, status, n in plain_counts(modules, now):
        per_module[module_id].add(status, n)
        total.add(status, n)
    return per_module, total


def _reminders_sent(now: datetime) -> int:
    """How many reminders went out in the last 30 days."""
    sent = sa.select(sa.func.count()).where(
        OutboxMessage.kind == "reminder",
        OutboxMessage.state == State.SENT,
        OutboxMessage.sent_at >= now - timedelta(days=30),
    )
    return db.session.scalar(sent) or 0


def queue_summaries(now: datetime) -> int:
    """Queue this month's summary for each coordinator in office hours; how many."""
    due = _not_yet_queued(_coordinators(now), lambda p: summary_key(p, now))
    if not due:
        return 0
    modules = _published()
    per_module, total = _figures(modules, now)
    sent = _reminders_sent(now)
    queued = 0
    for person, key in due:
        lines = [(module.text(person.locale).title, per_module[module.id]) for module in modules]
        context = {
            "as_of": local_day(now, person.office.timezone),
            "modules": lines,
            "total": total,
            "reminders_sent": sent,
            "link": external_url("org.offices"),
        }
        queued += queue(person, SUMMARY, "summary", key=key, now=now, context=context) is not None
    return queued


def _still_ambassadors(person_ids: list[int]) -> set[int]:
    """Of `person_ids`, those still active and serving an office."""
    serving = sa.select(ambassador_office.c.person_id)
    query = sa.select(Person.id).where(
        Person.id.in_(person_ids), Person.active.is_(True), Person.id.in_(serving)
    )
    return set(db.session.scalars(query))


def _still_coordinators(person_ids: list[int]) -> set[int]:
    """Of `person_ids`, those still active coordinators."""
    query = sa.select(Person.id).where(
        Person.id.in_(person_ids), Person.active.is_(True), Person.role == Role.COORDINATOR
    )
    return set(db.session.scalars(query))


def _dropping(still, reason: str):
    """A still-wanted check that drops messages whose person `still` no longer includes."""

    def check(messages, now: datetime) -> dict[int, str]:
        """Messages to drop, with the reason."""
        keep = still([m.person_id for m in messages])
        return {m.id: reason for m in messages if m.person_id not in keep}

    return check


digest_still_wanted = _dropping(_still_ambassadors, "no longer an active ambassador when the digest went out")
summary_still_wanted = _dropping(
    _still_coordinators, "no longer an active coordinator when the summary went out"
)
