"""Taking the coverage snapshot: the plain query once, its figures stored per day for fast pages.

Computing coverage from the raw standings takes seconds at 100,000 people (docs/BENCHMARKS.md), so
the pages answer from the snapshot and say when it was taken. The job takes it every hour (and at
once when the scheduler starts): the day's rows are replaced, so today's figures are at most an hour
old and each past day keeps the figures as they stood at its last snapshot.

Two runs at once are harmless: rows are upserted, and rows the latest run did not write (a module
unpublished, an office emptied since) are deleted.
"""

from collections import defaultdict
from datetime import date, datetime

import sqlalchemy as sa

from ambassador.completions.coverage import Figures, plain_counts
from ambassador.completions.status import Status
from ambassador.db import db, upsert
from ambassador.org.models import Office
from ambassador.reports.models import CoverageSnapshot, CoverageTrend
from ambassador.training import catalogue

COUNTS = ("required", "valid", "refresher_open", "overdue", "to_do")
BATCH = 2000


def _values(figures: Figures) -> dict[str, int]:
    """The stored counts of a group's figures."""
    return {name: getattr(figures, name) for name in COUNTS}


def _upsert(model, rows: list[dict], keys: list[str]) -> None:
    """Insert rows, or update the counts of those whose key exists (ON CONFLICT DO UPDATE)."""
    for start in range(0, len(rows), BATCH):
        stmt = upsert(model).values(rows[start : start + BATCH])
        update = {name: stmt.excluded[name] for name in (*COUNTS, "taken_at")}
        db.session.execute(stmt.on_conflict_do_update(index_elements=keys, set_=update))


def figures_now(now: datetime, standing=None) -> dict[tuple[int, int], Figures]:
    """Every (office, module) pair's figures from the plain query, where someone is required."""
    pairs: dict[tuple[int, int], Figures] = defaultdict(Figures)
    for office_id, module_id, status, n in plain_counts(
        catalogue.published_modules(), now, standing=standing
    ):
        pairs[office_id, module_id].add(status, n)
    return {pair: figures for pair, figures in pairs.items() if figures.required}


def _rollups(pairs: dict[tuple[int, int], Figures]) -> dict[tuple[str, str], Figures]:
    """The pairs summed per company, country, office and module."""
    country = dict(db.session.execute(sa.select(Office.id, Office.country)).all())
    lines: dict[tuple[str, str], Figures] = defaultdict(Figures)
    for (office_id, module_id), figures in pairs.items():
        for line in (
            ("company", ""),
            ("country", country[office_id]),
            ("office", str(office_id)),
            ("module", str(module_id)),
        ):
            for status, n in figures.counts.items():
                lines[line].add(status, n)
    return lines


def take(now: datetime, standing=None) -> int:
    """Take today's snapshot (the UTC day of `now`) from the plain query; the caller commits.

    `standing` counts from another source than the current standing (`coverage.standing_on`).
    """
    day: date = now.date()
    pairs = figures_now(now, standing)
    snapshot = [
        {"day": day, "office_id": office_id, "module_id": module_id, "taken_at": now, **_values(figures)}
        for (office_id, module_id), figures in pairs.items()
    ]
    trend = [
        {"scope": scope, "key": key, "day": day, "taken_at": now, **_values(figures)}
        for (scope, key), figures in _rollups(pairs).items()
    ]
    _upsert(CoverageSnapshot, snapshot, ["day", "office_id", "module_id"])
    _upsert(CoverageTrend, trend, ["scope", "key", "day"])
    for model in (CoverageSnapshot, CoverageTrend):
        db.session.execute(sa.delete(model).where(model.day == day, model.taken_at < now))
    return len(snapshot)


def office_figures(office_id: int) -> tuple[Figures, datetime] | None:
    """An office's figures over every module from its latest snapshot, and when it was taken.

    None before the office's first snapshot. What My training shows an employee: one row read,
    where counting live takes seconds for a large office.
    """
    row = db.session.scalar(
        sa.select(CoverageTrend)
        .where(CoverageTrend.scope == "office", CoverageTrend.key == str(office_id))
        .order_by(CoverageTrend.day.desc())
        .limit(1)
    )
    if row is None:
        return None
    figures = Figures()
    for status, n in (
        (Status.CURRENT, row.valid - row.refresher_open),
        (Status.REFRESHER_OPEN, row.refresher_open),
        (Status.OVERDUE, row.overdue),
        (Status.TO_DO, row.to_do),
    ):
        figures.add(status, n)
    return figures, row.taken_at
