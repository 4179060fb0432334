"""Who may see what: the one place for role groups, posts and the offices a person may see.

- Administrators manage the roster, offices, roles and settings.
- Staff (coordinators and administrators) author modules and see every office.
- Ambassadors are people of any role who serve one or more offices; they see those offices.
- Everyone has their own training.
"""

from functools import wraps

import sqlalchemy as sa
from flask import abort
from flask_login import current_user, login_required

from ambassador.db import db
from ambassador.org.models import Office, Person, Role


def is_admin(person: Person) -> bool:
    """Administrators manage the roster, offices, roles and settings."""
    return person.role == Role.ADMIN


def is_staff(person: Person) -> bool:
    """Coordinators and administrators: they author modules and see every office."""
    return person.role in (Role.COORDINATOR, Role.ADMIN)


def is_ambassador(person: Person) -> bool:
    """Anyone who serves at least one office as an ambassador."""
    return bool(served_office_ids(person))


def everyone(person: Person) -> bool:
    """Every signed-in person (their own training, their profile)."""
    return True


def served_office_ids(person: Person) -> frozenset[int]:
    """The offices a person serves as an ambassador (loaded once per person object)."""
    return frozenset(office.id for office in person.served_offices)


def office_filter(person: Person, office_id_column) -> sa.ColumnElement[bool]:
    """A SQL condition on an office id column: true for the offices `person` may see."""
    if is_staff(person):
        return sa.true()
    served = served_office_ids(person)
    return office_id_column.in_(served) if served else sa.false()


def can_view_office(person: Person, office_id: int) -> bool:
    """Staff see every office; ambassadors the offices they serve; nobody else any."""
    return is_staff(person) or office_id in served_office_ids(person)


def visible_offices(person: Person) -> list[Office]:
    """The offices `person` may see, by name: every page, export and API filters by this."""
    query = sa.select(Office).where(office_filter(person, Office.id)).order_by(Office.name)
    return list(db.session.scalars(query))


def requires(check):
    """Allow a view to signed-in people for whom `check(person)` is true; others get 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not check(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


admin_required = requires(is_admin)
staff_required = requires(is_staff)
ambassador_required = requires(is_ambassador)
