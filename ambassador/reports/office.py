"""One office's people with their status per module, and its figures, counted live (an office is small).

For the coordinator's drill-down, the ambassador's "My offices" and the API: the people most behind
come first. Two statements whatever the office's size or the number of modules, both over the status
rows (`completions.coverage.status_rows`): each person's count per status, in order, from which the
office's figures and the pager come; then the statuses of the page's people only. (Joining every
person's statuses into one text in the first statement cost the head office's 11,000 people about a
third of the page, for the 50 shown.)

Building the two statements (the status rule for each module) takes longer than running them for a
typical office, so each worker keeps them per office and local day with the catalogue
(`catalogue.derived`) and runs them with the moment, the filter and the page as parameters.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa

from ambassador.clock import local_day
from ambassador.completions.coverage import COUNTED, Figures, status_rows
from ambassador.completions.status import Status, moments
from ambassador.db import db
from ambassador.org.models import Office, Person
from ambassador.pagination import Page
from ambassador.training import catalogue

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
    statements = catalogue.derived(
        modules,
        ("office training", office.id, office.timezone, office.country, local_day(now, office.timezone)),
        lambda: _statements(office, modules, now),
    )
    if statements is None:
        return OfficeTraining(Figures(), Page([], 1, PER_PAGE, 0))
    per_person, page_statuses = statements
    at = {**moments(modules, now), "status": status, "module_id": module_id}
    figures = Figures()
    # On the session's connection, not through the ORM: a row per person, 11,138 in the head office.
    rows = db.session.connection().execute(per_person, at).all()
    if rows:  # each status's column summed at once, not a person at a time
        for counted, column in zip(COUNTED, list(zip(*rows, strict=True))[2:], strict=True):
            figures.add(counted, sum(column))
    listed = [person_id for person_id, wanted, *_counts in rows if not status or wanted]
    pages = max(1, -(-len(listed) // PER_PAGE))
    page = max(1, min(page, pages))
    shown = listed[(page - 1) * PER_PAGE : page * PER_PAGE]
    people = _colleagues(page_statuses, {**at, "people": shown}) if shown else []
    return OfficeTraining(figures, Page(people, page, PER_PAGE, len(listed)))


def _colleagues(page_statuses: sa.Select, at: dict) -> list[Colleague]:
    """The people `at["people"]`, in that order, with their status for each module required of them."""
    people: dict[int, Colleague] = {}
    for person_id, name, email, module_id, value in db.session.connection().execute(page_statuses, at).all():
        colleague = people.setdefault(person_id, Colleague(person_id, name, email))
        if value != Status.NOT_REQUIRED:
            colleague.statuses[module_id] = Status(value)
    return [people[person_id] for person_id in at["people"]]


def _statements(office: Office, modules, now) -> tuple[sa.Select, sa.Select] | None:
    """The office's two statements over its status rows: each person's counts, then some people's statuses.

    Built for the office's local day (its due dates are written in); run with the status rule's
    `moments`, the filter (`status`, `module_id`) and the page's `people` as parameters.
    """
    statuses = status_rows(modules, now, Person.id.label("person_id"), office=office)
    if statuses is None:
        return None
    statuses = statuses.subquery()
    return _per_person(statuses), _page_statuses(statuses)


def _page_statuses(statuses) -> sa.Select:
    """Each status row of the people given as `people`, with their id, name and email.

    The filter on the people reaches into every module's part of the status rows (both databases
    push it down), so this reads 50 people's rows, not the office's.
    """
    return (
        sa.select(Person.id, Person.name, Person.email, statuses.c.module_id, statuses.c.status)
        .join(statuses, statuses.c.person_id == Person.id)
        .where(statuses.c.person_id.in_(sa.bindparam("people", expanding=True)))
    )


def _per_person(statuses) -> sa.Select:
    """Each person's id, whether they match the filter and their count per status, most overdue first.

    The filter is given as parameters: `status` ("" for none) and `module_id` (None for any).
    """

    def count(condition):
        return sa.func.sum(sa.case((condition, 1), else_=0))

    module_id = sa.bindparam("module_id", type_=sa.Integer)
    wanted = sa.and_(
        statuses.c.status == sa.bindparam("status", type_=sa.String),
        sa.or_(module_id.is_(None), statuses.c.module_id == module_id),
    )
    per_person = sa.select(
        statuses.c.person_id,
        count(wanted).label("wanted"),
        *[count(statuses.c.status == counted.value).label(counted.value) for counted in COUNTED],
    ).group_by(statuses.c.person_id)
    ranked = per_person.subquery()
    return (
        sa.select(ranked.c.person_id, ranked.c.wanted, *[ranked.c[c.value] for c in COUNTED])
        .join(Person, Person.id == ranked.c.person_id)
        .order_by(ranked.c[Status.OVERDUE.value].desc(), Person.name, Person.id)
    )
