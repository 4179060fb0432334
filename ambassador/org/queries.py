"""Reads for the office and people pages, aggregated in SQL."""

import sqlalchemy as sa

from ambassador.db import db
from ambassador.org.models import Office, Person, ambassador_office
from ambassador.pagination import Page, paginate_rows

PER_PAGE = 50


def headcounts():
    """Active people per office."""
    return (
        sa.select(Person.office_id, sa.func.count().label("n"))
        .where(Person.active.is_(True))
        .group_by(Person.office_id)
        .subquery()
    )


def ambassador_counts():
    """Active ambassadors per office they serve."""
    return (
        sa.select(ambassador_office.c.office_id, sa.func.count().label("n"))
        .join(Person, Person.id == ambassador_office.c.person_id)
        .where(Person.active.is_(True))
        .group_by(ambassador_office.c.office_id)
        .subquery()
    )


def office_overview(
    *, visible=None, office_ids=None, country: str = "", without_ambassador=False, page=1
) -> Page:
    """Offices with their headcount and number of ambassadors, one page of them.

    `visible` is the reader's `access.office_filter` over Office.id: a page lists no office its
    reader may not see. `office_ids` narrows further (an ambassador's own offices).
    """
    people, ambassadors = headcounts(), ambassador_counts()
    headcount = sa.func.coalesce(people.c.n, 0).label("headcount")
    ambassador_count = sa.func.coalesce(ambassadors.c.n, 0).label("ambassadors")
    query = (
        sa.select(Office.id, Office.name, Office.country, Office.timezone, Office.language)
        .add_columns(headcount, ambassador_count)
        .outerjoin(people, people.c.office_id == Office.id)
        .outerjoin(ambassadors, ambassadors.c.office_id == Office.id)
        .order_by(Office.name)
    )
    if visible is not None:
        query = query.where(visible)
    if office_ids is not None:
        query = query.where(Office.id.in_(office_ids))
    if country:
        query = query.where(Office.country == country.upper())
    if without_ambassador:
        query = query.where(ambassadors.c.n.is_(None))
    return paginate_rows(query, page, PER_PAGE)


def countries() -> list[str]:
    """Country codes that have at least one office."""
    return list(db.session.scalars(sa.select(Office.country).distinct().order_by(Office.country)))


def office_zones() -> list[str]:
    """The time zones the offices are in, each once."""
    return list(db.session.scalars(sa.select(Office.timezone).distinct().order_by(Office.timezone)))


def all_offices() -> list[Office]:
    """Every office, by name (for choosers)."""
    return list(db.session.scalars(sa.select(Office).order_by(Office.name)))


def office_people(office_id: int, *, search: str = "", page: int = 1) -> Page:
    """Active people of one office, with whether each serves as an ambassador."""
    serves = (
        sa.select(ambassador_office.c.person_id)
        .where(ambassador_office.c.office_id == office_id)
        .where(ambassador_office.c.person_id == Person.id)
        .exists()
        .label("is_ambassador")
    )
    query = (
        sa.select(Person.id, Person.name, Person.email, Person.role, Person.start_date, serves)
        .where(Person.office_id == office_id, Person.active.is_(True))
        .order_by(Person.name, Person.id)
    )
    query = _search(query, search)
    return paginate_rows(query, page, PER_PAGE)


def office_ambassadors(office_id: int) -> list:
    """Active ambassadors serving an office (they may belong to another office)."""
    query = (
        sa.select(Person.id, Person.name, Person.email)
        .join(ambassador_office, ambassador_office.c.person_id == Person.id)
        .where(ambassador_office.c.office_id == office_id, Person.active.is_(True))
        .order_by(Person.name)
    )
    return db.session.execute(query).all()


def _serves_any() -> sa.Select:
    """Correlated: the person serves at least one office as an ambassador."""
    return sa.select(ambassador_office.c.person_id).where(ambassador_office.c.person_id == Person.id)


def _search(query: sa.Select, search: str) -> sa.Select:
    """Filter by a fragment of name or email, ignoring case."""
    search = search.strip().lower()
    if not search:
        return query
    pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return query.where(
        sa.or_(
            sa.func.lower(Person.name).like(pattern, escape="\\"),
            Person.email.like(pattern, escape="\\"),
        )
    )


def person_ids_matching(search: str, limit: int) -> list[int]:
    """The ids of at most `limit` people whose name or email holds `search` (the audit log's filter)."""
    return list(db.session.scalars(_search(sa.select(Person.id), search).limit(limit)))


def people(*, search="", office_id=None, role="", status="active", page=1) -> Page:
    """The roster for administrators: one page, filtered."""
    query = (
        sa.select(
            Person.id,
            Person.name,
            Person.email,
            Person.role,
            _serves_any().exists().label("is_ambassador"),
            Person.active,
            Person.erased_at,
            Person.employee_id,
            Office.name.label("office_name"),
        )
        .join(Office, Office.id == Person.office_id)
        .order_by(Person.name, Person.id)
    )
    query = _search(query, search)
    if office_id:
        query = query.where(Person.office_id == office_id)
    if role == "ambassador":
        query = query.where(_serves_any().exists())
    elif role:
        query = query.where(Person.role == role)
    if status in ("active", "inactive"):
        query = query.where(Person.active.is_(status == "active"))
    return paginate_rows(query, page, PER_PAGE)
