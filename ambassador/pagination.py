"""Pagination of plain-row queries (Flask-SQLAlchemy's paginate only yields scalars)."""

from dataclasses import dataclass
from math import ceil

import sqlalchemy as sa

from ambassador.db import db


@dataclass
class Page:
    """One page of rows with what the pager needs."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """Number of pages, at least one."""
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        """True when there is a page before this one."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """True when there is a page after this one."""
        return self.page < self.pages


def existing_page(page: int, total: int, per_page: int) -> int:
    """The page asked for, kept between the first and the last (a page past the end is the last)."""
    return max(1, min(page, max(1, ceil(total / per_page))))


def paginate_rows(query: sa.Select, page: int, per_page: int) -> Page:
    """Run `query` for one page plus a count: two statements whatever the data size."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    page = existing_page(page, total, per_page)
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items=rows, page=page, per_page=per_page, total=total)


def paginate_counted(query: sa.Select, page: int, per_page: int) -> Page:
    """Like `paginate_rows`, with the total counted in the same statement (a window count over the rows).

    For a query whose count costs as much as its page (a GROUP BY over many rows): one statement, a
    second only for a page past the last. Each row carries the total as its `total_rows` column.
    """
    counted = query.add_columns(sa.func.count().over().label("total_rows"))
    rows = db.session.execute(counted.limit(per_page).offset((max(page, 1) - 1) * per_page)).all()
    if rows:
        return Page(items=rows, page=max(page, 1), per_page=per_page, total=rows[0].total_rows)
    if page <= 1:
        return Page(items=[], page=1, per_page=per_page, total=0)
    return paginate_rows(query, page, per_page)
