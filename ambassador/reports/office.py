"""One office's people with their status per module, and its figures, counted live (an office is small).

For the coordinator's drill-down, the ambassador's "My offices" and the API: the people most behind
come first. One statement whatever the office's size or the number of modules, over the status rows
(`completions.coverage.status_rows`): each person's count per status, in order, with their statuses
in one text ("3:overdue,7:current"), from which the office's figures, the pager and the page's
people come. (A second statement for the page's statuses worked the status rows out again.)
"""

from dataclasses import dataclass, field

import sqlalchemy as sa

from ambassador.completions.coverage import COUNTED, Figures, status_rows
from ambassador.completions.status import Status
from ambassador.db import db
from ambassador.org.models import Office, Person
from ambassador.pagination import Page

PER_PAGE = 50
FILTERS = (Status.OVERDUE, Status.TO_DO, Status.REFRESHER_OPEN, Status.CURRENT)


@dataclass
class Colleague:
    """A person of the office and their status for each module required of them."""

    id: int
    name: str
    email: str
    statuses: dict[int, Status] = field(default_factory=dict)


@dataclass
class OfficeTraining:
    """The office's figures over every published module, and one page of its people."""

    figures: Figures
    page: Page


def training(
    office: Office, modules, now, *, status: str = "", module_id=None, page: int = 1
) -> OfficeTraining:
    """The office's figures and a page of its active people, most overdue modules first, with their statuses.

    `status` and `module_id` keep only people at that status (for that module, else for any); the
    figures are the whole office's.
    """
    statuses = status_rows(modules, now, Person.id.label("person_id"), office=office)
    if statuses is None:
        return OfficeTraining(Figures(), Page([], 1, PER_PAGE, 0))
    statuses = statuses.subquery()
    figures, listed = Figures(), []
    for row in db.session.execute(_per_person(statuses, status, module_id)):
        for counted in COUNTED:
            figures.add(counted, row._mapping[counted.value])
        if not status or row.wanted:
            listed.append(row)
    pages = max(1, -(-len(listed) // PER_PAGE))
    page = max(1, min(page, pages))
    people = [
        Colleague(row.id, row.name, row.email, _statuses(row.statuses))
        for row in listed[(page - 1) * PER_PAGE : page * PER_PAGE]
    ]
    return OfficeTraining(figures, Page(people, page, PER_PAGE, len(listed)))


def _statuses(text: str | None) -> dict[int, Status]:
    """A person's statuses from the statement's text: "3:overdue,7:current" (None: nothing required)."""
    if not text:
        return {}
    pairs = (pair.split(":", 1) for pair in text.split(","))
    return {int(module_id): Status(value) for module_id, value in pairs}


def _per_person(statuses, status: str, module_id) -> sa.Select:
    """Each person with their count per status and whether they match the filter, most overdue first."""

    def count(condition):
        return sa.func.sum(sa.case((condition, 1), else_=0))

    wanted = statuses.c.status == status
    if module_id is not None:
        wanted = sa.and_(wanted, statuses.c.module_id == module_id)
    required = statuses.c.status != Status.NOT_REQUIRED.value
    pair = sa.cast(statuses.c.module_id, sa.String) + ":" + statuses.c.status
    per_person = sa.select(
        statuses.c.person_id,
        *[count(statuses.c.status == counted.value).label(counted.value) for counted in COUNTED],
        count(wanted).label("wanted"),
        sa.func.aggregate_strings(sa.case((required, pair)), ",").label("statuses"),
    ).group_by(statuses.c.person_id)
    ranked = per_person.subquery()
    return (
        sa.select(
            Person.id,
            Person.name,
            Person.email,
            *[ranked.c[c.value] for c in COUNTED],
            ranked.c.wanted,
            ranked.c.statuses,
        )
        .join(ranked, ranked.c.person_id == Person.id)
        .order_by(ranked.c[Status.OVERDUE.value].desc(), Person.name, Person.id)
    )
