"""Reads for the coordinator's coverage pages, summed in SQL from the day's snapshot.

Every page runs the same few statements however many people, offices and modules there are:
the snapshot holds one row per (office, module) and day, and each table is one GROUP BY over it.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

import sqlalchemy as sa

from ambassador.db import db
from ambassador.org.models import Office
from ambassador.org.queries import ambassador_counts, headcounts
from ambassador.pagination import Page, paginate_counted
from ambassador.reports.models import CoverageSnapshot, CoverageTrend
from ambassador.training.models import Module
from ambassador.training.queries import module_titles  # noqa: F401  (the pages' titles)

COUNTS = ("required", "valid", "refresher_open", "overdue", "to_do")
SORTS = ("name", "coverage", *COUNTS)
GROUPS = ("office", "country", "module")


@dataclass(frozen=True)
class Filters:
    """What the dashboard shows: the day, and the country, module and audience it is narrowed to."""

    day: date
    country: str = ""
    module_id: int | None = None
    audience: str = ""


class Line(NamedTuple):
    """One row of a coverage table: a group's name and its figures (a tuple: 500 of them per table)."""

    key: str
    name: str
    required: int
    valid: int
    refresher_open: int
    overdue: int
    to_do: int
    country: str = ""

    @property
    def coverage(self) -> float | None:
        """Valid ÷ required, or None when nobody is required."""
        return self.valid / self.required if self.required else None


class SnapshotDays(NamedTuple):
    """The first and the latest day a snapshot was taken, and when the latest was taken (all None before)."""

    first: date | None
    latest: date | None
    latest_taken_at: datetime | None

    def taken_at(self, day: date) -> datetime | None:
        """When `day`'s snapshot was last taken (read only for a day before the latest)."""
        return self.latest_taken_at if day == self.latest else taken_at(day)


def snapshot_days() -> SnapshotDays:
    """The first and the latest day a snapshot was taken and when the latest was, in one statement.

    Subqueries, each answered from an index: the key's ends for the days (one query asking for
    both the minimum and the maximum reads every row on SQLite), the trend's key for the time.
    """
    first = sa.select(sa.func.min(CoverageSnapshot.day)).scalar_subquery()
    latest = sa.select(sa.func.max(CoverageSnapshot.day)).scalar_subquery()
    return SnapshotDays(
        *db.session.execute(sa.select(first, latest, _taken_at(latest).scalar_subquery())).one()
    )


def taken_at(day: date) -> datetime | None:
    """When the day's snapshot was last taken: its company line, one row (the day's pairs share the time)."""
    return db.session.scalar(_taken_at(day))


def _taken_at(day) -> sa.Select:
    """The time of the day's company line in the trend (`day` a date or a subquery)."""
    return sa.select(CoverageTrend.taken_at).where(
        CoverageTrend.scope == "company", CoverageTrend.key == "", CoverageTrend.day == day
    )


def _sums():
    """The five counts summed, labelled as the Line fields."""
    return [sa.func.sum(getattr(CoverageSnapshot, name)).label(name) for name in COUNTS]


def _narrowed(query: sa.Select, filters: Filters) -> sa.Select:
    """The snapshot rows of the day, narrowed by country, module and audience."""
    query = (
        query.select_from(CoverageSnapshot)
        .join(Office, Office.id == CoverageSnapshot.office_id)
        .where(CoverageSnapshot.day == filters.day)
    )
    if filters.country:
        query = query.where(Office.country == filters.country)
    if filters.module_id is not None:
        query = query.where(CoverageSnapshot.module_id == filters.module_id)
    if filters.audience:  # the module is joined only to read its audience
        query = query.join(Module, Module.id == CoverageSnapshot.module_id).where(
            Module.audience == filters.audience
        )
    return query


def total(filters: Filters) -> Line:
    """The figures over everything the filters keep (one statement)."""
    row = db.session.execute(_narrowed(sa.select(*_sums()), filters)).one()
    return Line("", "", *(int(getattr(row, name) or 0) for name in COUNTS))


def table(group: str, filters: Filters, titles: dict[int, str]) -> list[Line]:
    """The figures per office, per country or per module (one statement); `titles` names modules."""
    if group == "office":
        columns = (sa.cast(Office.id, sa.String).label("key"), Office.name.label("name"), Office.country)
        group_by = (Office.id, Office.name, Office.country)
    elif group == "country":
        columns = (Office.country.label("key"), Office.country.label("name"), Office.country)
        group_by = (Office.country,)
    else:
        module_id = CoverageSnapshot.module_id
        columns = (sa.cast(module_id, sa.String).label("key"), sa.literal("").label("name"), sa.literal(""))
        group_by = (module_id,)
    query = _narrowed(sa.select(*columns, *_sums()), filters).group_by(*group_by)
    lines = []
    for key, name, country, *counts in db.session.execute(query):
        name = titles.get(int(key), "") if group == "module" else name
        lines.append(Line(key, name, *(int(n) for n in counts), country=country))
    return lines


def sort(lines: list[Line], key: str, descending: bool) -> list[Line]:
    """Lines by one column; coverage by default, the furthest behind first. Ties by name."""

    def value(line: Line):
        if key == "name":
            return line.name.casefold()
        if key == "coverage":
            return -1.0 if line.coverage is None else line.coverage
        return getattr(line, key)

    ordered = sorted(lines, key=lambda line: line.name.casefold())
    return sorted(ordered, key=value, reverse=descending)


def ambassador_gaps(per_people: int, *, country: str = "", page: int = 1, per_page: int = 50) -> Page:
    """Offices with people but no ambassador, or fewer than one per `per_people` people, now.

    The offices without any come first, then by how many more ambassadors they need. One statement:
    counting the people of every office is most of the work, and the count of offices rides along.
    """
    people, ambassadors = headcounts(), ambassador_counts()
    headcount = sa.func.coalesce(people.c.n, 0)
    serving = sa.func.coalesce(ambassadors.c.n, 0)
    needed = (headcount + per_people - 1) // per_people  # one per started group of `per_people`
    query = (
        sa.select(
            Office.id,
            Office.name,
            Office.country,
            headcount.label("headcount"),
            serving.label("ambassadors"),
            needed.label("needed"),
        )
        .join(people, people.c.office_id == Office.id)
        .outerjoin(ambassadors, ambassadors.c.office_id == Office.id)
        .where(headcount > 0, serving < needed)
        .order_by((serving > 0), (serving - needed), Office.name)
    )
    if country:
        query = query.where(Office.country == country)
    return paginate_counted(query, page, per_page)
