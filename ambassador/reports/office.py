"""One office's people with their status per module, counted live (an office is small enough).

For the coordinator's drill-down and the ambassador's "My offices": the people most behind come
first. Three statements whatever the office's size or the number of modules: the page of people
(ordered by how many modules each is overdue with), the count for the pager, and the statuses of
the page's people. The office's own coverage figure is one more (`completions.coverage`).
"""

from dataclasses import dataclass, field

import sqlalchemy as sa

from ambassador.completions.coverage import status_rows
from ambassador.completions.status import Status
from ambassador.db import db
from ambassador.org.models import Person
from ambassador.pagination import Page, paginate_rows

PER_PAGE = 50
FILTERS = (Status.OVERDUE, Status.TO_DO, Status.REFRESHER_OPEN, Status.CURRENT)


@dataclass
class Colleague:
    """A person of the office and their status for each module required of them."""

    id: int
    name: str
    email: str
    statuses: dict[int, Status] = field(default_factory=dict)


def colleagues(office_id: int, modules, now, *, status: str = "", module_id=None, page: int = 1) -> Page:
    """A page of the office's active people, most overdue modules first, with their statuses.

    `status` and `module_id` keep only people at that status (for that module, else for any).
    """
    if not modules:
        return Page([], 1, PER_PAGE, 0)
    statuses = status_rows(modules, now, Person.id.label("person_id"), where=Person.office_id == office_id)
    if statuses is None:
        return Page([], 1, PER_PAGE, 0)
    statuses = statuses.subquery()
    overdue = sa.func.sum(sa.case((statuses.c.status == Status.OVERDUE.value, 1), else_=0))
    per_person = sa.select(statuses.c.person_id, overdue.label("overdue")).group_by(statuses.c.person_id)
    if status:
        wanted = statuses.c.status == status
        if module_id is not None:
            wanted = sa.and_(wanted, statuses.c.module_id == module_id)
        per_person = per_person.having(sa.func.sum(sa.case((wanted, 1), else_=0)) > 0)
    ranked = per_person.subquery()
    query = (
        sa.select(Person.id, Person.name, Person.email)
        .join(ranked, ranked.c.person_id == Person.id)
        .order_by(ranked.c.overdue.desc(), Person.name, Person.id)
    )
    found = paginate_rows(query, page, PER_PAGE)
    people = {row.id: Colleague(row.id, row.name, row.email) for row in found.items}
    if people:
        rows = db.session.execute(
            status_rows(modules, now, Person.id.label("person_id"), where=Person.id.in_(list(people)))
        )
        for person_id, module_id_, value, _expires in rows:
            if value != Status.NOT_REQUIRED.value:
                people[person_id].statuses[module_id_] = Status(value)
    found.items = list(people.values())
    return found
