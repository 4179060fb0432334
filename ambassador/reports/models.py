"""Daily coverage snapshots: the figures as they stood, for "as of" a past day and the trend."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ambassador.db import db


class _Counts:
    """The five counts every snapshot row carries (docs/COVERAGE.md defines them)."""

    required: Mapped[int]
    valid: Mapped[int]
    refresher_open: Mapped[int]
    overdue: Mapped[int]
    to_do: Mapped[int]
    taken_at: Mapped[datetime]


class CoverageSnapshot(_Counts, db.Model):
    """One office's figures for one module on one day (the UTC day the snapshot was taken).

    Only pairs where someone is required are kept. The day's rows are replaced each time the
    snapshot job runs that day, so the latest day is at most an hour old.
    """

    day: Mapped[date] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id", ondelete="CASCADE"), primary_key=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("module.id", ondelete="CASCADE"), primary_key=True)


class CoverageTrend(_Counts, db.Model):
    """The same figures summed for the trend: the company, a country, an office or a module, per day.

    `scope` is "company", "country", "office" or "module"; `key` is "" for the company, the country
    code, or the office's or module's id. A year of trend for one line is 365 rows on an index.
    """

    scope: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
