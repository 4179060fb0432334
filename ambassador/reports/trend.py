"""Coverage over time: one line from the daily snapshots, drawn as SVG on the server.

No JavaScript chart library: the chart is an SVG built here from plain numbers, with a title and a
description for screen readers, and the page prints it. The points come from `coverage_trend`
(one row per day for the company, a country, an office or a module), 365 rows on an index.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from ambassador.db import db
from ambassador.reports.models import CoverageTrend

SCOPES = ("company", "country", "office", "module")
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 36
MIN_TICK_GAP = 36  # SVG units between two month labels


@dataclass(frozen=True)
class Point:
    """One day's figures of the line."""

    day: date
    required: int
    valid: int

    @property
    def coverage(self) -> float | None:
        """Valid ÷ required, or None when nobody was required."""
        return self.valid / self.required if self.required else None


def points(scope: str, key: str, until: date, days: int = 365) -> list[Point]:
    """The line's daily figures over the `days` up to `until` (one statement)."""
    query = (
        sa.select(CoverageTrend.day, CoverageTrend.required, CoverageTrend.valid)
        .where(
            CoverageTrend.scope == scope,
            CoverageTrend.key == key,
            CoverageTrend.day > until - timedelta(days=days),
            CoverageTrend.day <= until,
        )
        .order_by(CoverageTrend.day)
    )
    return [Point(*row) for row in db.session.execute(query)]


def monthly(line: list[Point]) -> list[Point]:
    """The first point of each month and the last point: the data table beside the chart."""
    picked, seen = [], set()
    for point in line:
        if (point.day.year, point.day.month) not in seen:
            seen.add((point.day.year, point.day.month))
            picked.append(point)
    if line and picked[-1] != line[-1]:
        picked.append(line[-1])
    return picked


@dataclass(frozen=True)
class Chart:
    """What the SVG template draws: the polyline, the grid and the month ticks, in SVG units."""

    width: int
    height: int
    polyline: str
    grid: list[tuple[float, int]]  # (y, percent)
    ticks: list[tuple[float, date]]  # (x, first day of a month)
    left: int
    right: int


def chart(line: list[Point]) -> Chart | None:
    """Scale the points into the drawing area: days along x, 0 to 100 % up y."""
    drawn = [p for p in line if p.coverage is not None]
    if not drawn:
        return None
    first, last = drawn[0].day, drawn[-1].day
    span = max((last - first).days, 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return round(LEFT + inner_w * (day - first).days / span, 1)

    def y(value: float) -> float:
        return round(TOP + inner_h * (1 - value), 1)

    polyline = " ".join(f"{x(p.day)},{y(p.coverage)}" for p in drawn)
    grid = [(y(v / 100), v) for v in (0, 25, 50, 75, 100)]
    ticks: list[tuple[float, date]] = []
    for p in monthly(drawn):
        if p.day.day == 1 or p is drawn[0]:
            if ticks and x(p.day) - ticks[-1][0] < MIN_TICK_GAP:
                ticks.pop()  # two labels would overlap: keep the month's first day
            ticks.append((x(p.day), p.day))
    return Chart(WIDTH, HEIGHT, polyline, grid, ticks, LEFT, WIDTH - RIGHT)
