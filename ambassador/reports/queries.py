"""Reads for the coordinator's coverage pages, summed in SQL from the day's snapshot.

Every page runs the same few statements however many people, offices and modules there are:
the snapshot holds one row per (office, module) and day, and each table is one GROUP BY over it.
"""

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
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
    """The first and the latest day a snapshot was taken and when the latest was, in one statement."""
    return SnapshotDays(*db.session.connection().execute(_days_statement()).one())


@cache
def _days_statement() -> sa.Select:
    """Subqueries, each answered from an index: the key's ends for the days (one query asking for
    both the minimum and the maximum reads every row on SQLite), the trend's key for the time.

    Built once (as are the tables' statements): on PostgreSQL building a statement and working out
    its cache key took SQLAlchemy twice as long as the database took to answer it.
    """
    first = sa.select(sa.func.min(CoverageSnapshot.day)).scalar_subquery()
    latest = sa.select(sa.func.max(CoverageSnapshot.day)).scalar_subquery()
    return sa.select(first, latest, _taken_at(latest).scalar_subquery())


def taken_at(day: date) -> datetime | None:
    """When the day's snapshot was last taken: its company line, one row (the day's pairs share the time)."""
    return db.session.scalar(_taken_at(day))


def _taken_at(day) -> sa.Select:
    """The time of the day's company line in the trend (`day` a date or a subquery)."""
    return sa.select(CoverageTrend.taken_at).where(
        CoverageTrend.scope == "company", CoverageTrend.key == "", CoverageTrend.day == day
    )


def _narrowed(query: sa.Select, country: bool, module: bool, audience: bool) -> sa.Select:
    """The snapshot rows of the day (`day`), narrowed by `country`, `module_id` and `audience` where asked.

    The office and the module are looked up in subqueries rather than joined: the sums need no
    join, and a table joins the office's name to its 500 sums rather than to 6,445 rows (on
    PostgreSQL at 100,000 people, a fifth to a third faster than joining first).
    """
    query = query.where(CoverageSnapshot.day == sa.bindparam("day"))
    if country:
        in_country = sa.select(Office.id).where(Office.country == sa.bindparam("country"))
        query = query.where(CoverageSnapshot.office_id.in_(in_country))
    if module:
        query = query.where(CoverageSnapshot.module_id == sa.bindparam("module_id"))
    if audience:
        for_audience = sa.select(Module.id).where(Module.audience == sa.bindparam("audience"))
        query = query.where(CoverageSnapshot.module_id.in_(for_audience))
    return query


def _run(build, *args, filters: Filters):
    """The statement `build(*args, country, module, audience)` makes for the filters (built once per
    shape) run with their values, on the session's connection: rows as tuples, not through the ORM."""
    narrowed = (bool(filters.country), filters.module_id is not None, bool(filters.audience))
    return db.session.connection().execute(build(*args, *narrowed), dataclasses.asdict(filters))


@cache
def _total_statement(*narrowed: bool) -> sa.Select:
    """The five counts summed over the narrowed rows."""
    return _narrowed(sa.select(*_sums()), *narrowed)


@cache
def _table_statement(group: str, *narrowed: bool) -> sa.Select:
    """The narrowed rows summed per office, country or module, its columns in the order of `Line`.

    Per module straight from the snapshot; per office, the sums per office joined to its name; per
    country, those summed again by the office's country.
    """
    if group == "module":
        key = sa.cast(CoverageSnapshot.module_id, sa.String)
        query = sa.select(key, sa.literal(""), *_sums(), sa.literal(""))
        return _narrowed(query, *narrowed).group_by(CoverageSnapshot.module_id)
    per_office = _narrowed(sa.select(CoverageSnapshot.office_id, *_sums()), *narrowed)
    per_office = per_office.group_by(CoverageSnapshot.office_id).subquery()
    if group == "office":
        counts = [per_office.c[name] for name in COUNTS]
        query = sa.select(sa.cast(Office.id, sa.String), Office.name, *counts, Office.country)
    else:
        # Cast back: PostgreSQL sums bigints into numeric, which Python reads as decimals.
        counts = [sa.cast(sa.func.sum(per_office.c[name]), sa.BigInteger) for name in COUNTS]
        query = sa.select(Office.country, Office.country, *counts, Office.country).group_by(Office.country)
    return query.join(per_office, per_office.c.office_id == Office.id)


def _sums():
    """The five counts summed, labelled as the Line fields."""
    return [sa.func.sum(getattr(CoverageSnapshot, name)).label(name) for name in COUNTS]


def total(filters: Filters) -> Line:
    """The figures over everything the filters keep (one statement)."""
    row = _run(_total_statement, filters=filters).one()
    return Line("", "", *(int(n or 0) for n in row))


def table(group: str, filters: Filters, titles: dict[int, str]) -> list[Line]:
    """The figures per office, per country or per module (one statement); `titles` names modules.

    Rows as tuples in the order of `Line`: a table has a row per office, 500 of them, and the
    ORM's handling of each row took a tenth of the API's answer.
    """
    rows = _run(_table_statement, group, filters=filters).all()  # fetched at once, not a row at a time
    if group == "module":
        return [Line(key, titles.get(int(key), ""), *rest) for key, _name, *rest in rows]
    return list(map(Line._make, rows))


def sort(lines: list[Line], key: str, descending: bool) -> list[Line]:
    """Lines by one column; coverage by default, the furthest behind first. Ties by name."""

    by_name = sorted(lines, key=lambda line: line.name.casefold(), reverse=descending and key == "name")
    if key == "name":
        return by_name

    def value(line: Line):
        if key == "coverage":
            return -1.0 if line.coverage is None else line.coverage
        return getattr(line, key)

    return sorted(by_name, key=value, reverse=descending)


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
