"""Reads for personal data: a person's own data from every feature, and the leavers due for erasure."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from ambassador.completions.status import add_months
from ambassador.db import db
from ambassador.features import registry
from ambassador.org.models import Office, Person
from ambassador.pagination import Page, paginate_rows
from ambassador.personal import Section

PER_PAGE = 50
RUN_AT = {"hour": 2, "minute": 30}  # the retention job's nightly run, UTC


def my_data(person: Person) -> list[Section]:
    """Everything every feature keeps about `person`, section by section (the profile first)."""
    sections = [section for export in registry().exporters for section in export(person)]
    return sorted(sections, key=lambda section: section.order)


def _plain(value):
    """A value as JSON writes it: moments and days in ISO 8601 (moments in UTC)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def as_json(person: Person, sections: list[Section], now: datetime) -> dict:
    """The download: when it was made, and each section's rows with every key."""
    return {
        "exported_at": now.isoformat(),
        "person_id": person.id,
        "data": {
            section.key: [{key: _plain(value) for key, value in row.items()} for row in section.rows]
            for section in sections
        },
    }


def next_run(now: datetime) -> datetime:
    """When the retention job runs next (every night at RUN_AT, UTC)."""
    at = now.replace(second=0, microsecond=0, **RUN_AT)
    return at if at > now else at + timedelta(days=1)


def _leavers(now: datetime, months: int, *, due_only: bool) -> sa.Select:
    """Deactivated people not yet erased, longest gone first; `due_only`: gone more than `months`."""
    query = sa.select(Person.id).where(
        Person.active.is_(False), Person.erased_at.is_(None), Person.deactivated_at.is_not(None)
    )
    if due_only:
        query = query.where(Person.deactivated_at <= add_months(now, -months))
    return query.order_by(Person.deactivated_at, Person.id)


def due_ids(now: datetime, months: int, limit: int) -> list[int]:
    """Up to `limit` leavers the retention job erases now."""
    return list(db.session.scalars(_leavers(now, months, due_only=True).limit(limit)))


def due_count(now: datetime, months: int) -> int:
    """How many leavers the retention job would erase now."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(_leavers(now, months, due_only=True).subquery())
    )


@dataclass(frozen=True)
class Leaver:
    """A leaver on the retention page, and when they will be erased."""

    id: int
    name: str
    email: str
    office: str
    deactivated_at: datetime
    erase_on: datetime
    due: bool


def upcoming(now: datetime, months: int, page: int) -> Page:
    """One page of the leavers next in line, the longest gone first, each with when they go."""
    ids = _leavers(now, months, due_only=False).subquery()
    query = (
        sa.select(Person.id, Person.name, Person.email, Office.name, Person.deactivated_at)
        .join(ids, ids.c.id == Person.id)
        .join(Office, Office.id == Person.office_id)
        .order_by(Person.deactivated_at, Person.id)
    )
    result = paginate_rows(query, page, PER_PAGE)
    cutoff = add_months(now, -months)
    result.items = [
        Leaver(person_id, name, email, office, gone, add_months(gone, months), gone <= cutoff)
        for person_id, name, email, office, gone in result.items
    ]
    return result
