"""Coverage figures, defined once (docs/COVERAGE.md), counted in SQL from the status rule.

For a module and a group of people:
- required: active people in the module's audience;
- valid: required people whose latest completion has not expired (current or refresher open);
- refresher open, overdue and to do: as the status rule (`completions.status`) says;
- coverage: valid ÷ required. Over several modules, valid ÷ required summed over (person, module)
  pairs. Deactivated people are in no figure.

`plain_counts` is the plain query: every published module's statuses per office, from the
standing, in one statement however many modules there are.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ambassador.completions.models import Completion, Standing
from ambassador.completions.status import Status, may_require, status_sql
from ambassador.db import db
from ambassador.org.models import Office, Person
from ambassador.org.queries import office_zones

COUNTED = (Status.CURRENT, Status.REFRESHER_OPEN, Status.OVERDUE, Status.TO_DO)


@dataclass
class Figures:
    """Required, valid, refresher open, overdue and to do of one group, and its coverage."""

    counts: dict[Status, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))

    def add(self, status: Status, n: int) -> None:
        """Count `n` (person, module) pairs at `status`; not required ones are in no figure."""
        if status in self.counts:
            self.counts[status] += n

    @property
    def required(self) -> int:
        """Active people in the audience (summed over modules)."""
        return sum(self.counts.values())

    @property
    def valid(self) -> int:
        """Required people whose latest completion has not expired."""
        return self.counts[Status.CURRENT] + self.counts[Status.REFRESHER_OPEN]

    @property
    def refresher_open(self) -> int:
        """Valid, and inside the refresher window."""
        return self.counts[Status.REFRESHER_OPEN]

    @property
    def overdue(self) -> int:
        """Required, and past the due date or expired."""
        return self.counts[Status.OVERDUE]

    @property
    def to_do(self) -> int:
        """Required, never completed, and the due date is still ahead."""
        return self.counts[Status.TO_DO]

    @property
    def coverage(self) -> float | None:
        """Valid ÷ required, or None when nobody is required."""
        return self.valid / self.required if self.required else None


def standing_on(moment: datetime):
    """The standing as it was at `moment`: each person's latest completion of each module by then.

    A subquery with the Standing table's person_id, module_id and expires_at, for counting a past
    day from the history (the demo's year of snapshots).
    """
    latest = (
        sa.select(
            Completion.person_id, Completion.module_id, sa.func.max(Completion.completed_at).label("at")
        )
        .where(Completion.completed_at <= moment)
        .group_by(Completion.person_id, Completion.module_id)
        .subquery()
    )
    return (
        sa.select(
            Completion.person_id, Completion.module_id, sa.func.max(Completion.expires_at).label("expires_at")
        )
        .join(
            latest,
            sa.and_(
                Completion.person_id == latest.c.person_id,
                Completion.module_id == latest.c.module_id,
                Completion.completed_at == latest.c.at,
            ),
        )
        .group_by(Completion.person_id, Completion.module_id)
        .subquery()
    )


def plain_counts(
    modules: Iterable, now: datetime, office_ids=None, standing=None
) -> list[tuple[int, int, Status, int]]:
    """(office id, module id, status, people) for every published module, in one statement.

    `office_ids` limits the count to those offices (None: every office). `standing` is where the
    latest completions are read (default: the Standing table; `standing_on` for a past moment).
    """
    standing = Standing.__table__ if standing is None else standing
    zones = office_zones()
    selects = []
    for module in modules:
        if not module.published:
            continue
        status = status_sql(module, standing.c.expires_at, now, zones).label("status")
        query = (
            sa.select(Person.office_id, sa.literal(module.id).label("module_id"), status, sa.func.count())
            .join(Office, Office.id == Person.office_id)
            .outerjoin(
                standing, sa.and_(standing.c.person_id == Person.id, standing.c.module_id == module.id)
            )
            .where(Person.active.is_(True))
            .group_by(Person.office_id, status)
        )
        if office_ids is not None:
            query = query.where(Person.office_id.in_(office_ids))
        selects.append(query)
    if not selects:
        return []
    rows = db.session.execute(sa.union_all(*selects) if len(selects) > 1 else selects[0])
    return [(office_id, module_id, Status(value), n) for office_id, module_id, value, n in rows]


def status_rows(modules: Iterable, now: datetime, *columns, where=None, office: Office | None = None):
    """Every active person's status for every published module, in one statement (or None).

    A SELECT per module of `columns` (over Person and Office), `module_id`, `status` and
    `expires_at`, joined UNION ALL; `where` narrows the people. The drill-down reads this;
    `plain_counts` counts the same statuses per office. With `office`, see `_scope`.
    """
    modules, zones, fixed = _scope(modules, office)
    selects = []
    for module in modules:
        status = status_sql(module, Standing.expires_at, now, zones, office=fixed)
        query = _people(
            sa.select(
                *columns,
                sa.literal(module.id).label("module_id"),
                status.label("status"),
                Standing.expires_at.label("expires_at"),
            ),
            office,
        ).outerjoin(Standing, sa.and_(Standing.person_id == Person.id, Standing.module_id == module.id))
        selects.append(query if where is None else query.where(where))
    if not selects:
        return None
    return sa.union_all(*selects) if len(selects) > 1 else selects[0]


def status_matrix(
    modules: Iterable, now: datetime, *columns, where=None, office: Office | None = None, expiry: bool = False
):
    """Every active person once, with their status for each published module: a column per module (or None).

    `columns` (over Person and Office), then `status_<module id>` for each published module, in
    the order given (with `expiry`, each followed by `expires_<module id>`, the day the latest
    completion expires, as the database writes a date): the same rule as `status_rows`, a row
    per person rather than per person and module. With `office`, see `_scope`.
    """
    modules, zones, fixed = _scope(modules, office)
    query, added = _people(sa.select(*columns), office), []
    for module in modules:
        standing = aliased(Standing)
        query = query.outerjoin(
            standing, sa.and_(standing.person_id == Person.id, standing.module_id == module.id)
        )
        added.append(
            status_sql(module, standing.expires_at, now, zones, office=fixed).label(f"status_{module.id}")
        )
        if expiry:
            added.append(sa.func.date(standing.expires_at, type_=sa.String).label(f"expires_{module.id}"))
    if not added:
        return None
    query = query.add_columns(*added)
    return query if where is None else query.where(where)


def _scope(modules: Iterable, office: Office | None):
    """The published modules, the time zones and the office columns the status rule reads.

    Over every office: the offices' zones, and the Office table joined. For one `office`: only the
    modules whose audience can include its people (`may_require`; the others would say "not
    required" of everyone), and its zone and country written into the statement as constants
    rather than joined for each of its people and modules.
    """
    published = [module for module in modules if module.published]
    if office is None:
        return published, office_zones(), Office
    return [module for module in published if may_require(module, office)], [office.timezone], _Fixed(office)


def _people(query: sa.Select, office: Office | None) -> sa.Select:
    """`query` over the active people: everyone's, with their office joined, or one office's."""
    query = query.select_from(Person).where(Person.active.is_(True))
    if office is None:
        return query.join(Office, Office.id == Person.office_id)
    return query.where(Person.office_id == office.id)


class _Fixed:
    """One office's zone and country as constants, where the status rule reads an office's columns."""

    def __init__(self, office: Office):
        self.timezone = sa.literal(office.timezone)
        self.country = sa.literal(office.country)


def office_figures(office_id: int, modules: Iterable, now: datetime) -> Figures:
    """One office's figures over every published module (one statement)."""
    figures = Figures()
    for _office, _module, status, n in plain_counts(modules, now, [office_id]):
        figures.add(status, n)
    return figures
