"""Reads of completions."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ambassador.completions.models import Completion, CompletionUpload, Standing
from ambassador.completions.status import Status, status_sql
from ambassador.db import db
from ambassador.importing import uploads
from ambassador.org.models import Office, Person
from ambassador.training.models import Module


def by_code(code: str) -> Completion | None:
    """A completion by its certificate identifier (any case), with module, person and version."""
    return db.session.scalar(
        sa.select(Completion)
        .where(Completion.code == code.upper()[:32])
        .options(
            selectinload(Completion.module).selectinload(Module.texts),
            selectinload(Completion.person),
            selectinload(Completion.version),
        )
    )


def status_counts(module: Module, now: datetime, office_ids=None) -> dict[Status, int]:
    """How many active people stand at each status for `module`, counted in SQL from the standing.

    `office_ids` limits the count to people of those offices (None: every office). People the
    module is not required of are counted under NOT_REQUIRED, so the counts add up to the headcount.
    """
    expr = status_sql(module, Standing.expires_at, now).label("status")
    query = (
        sa.select(expr, sa.func.count())
        .select_from(Person)
        .join(Office, Office.id == Person.office_id)
        .outerjoin(Standing, sa.and_(Standing.person_id == Person.id, Standing.module_id == module.id))
        .where(Person.active.is_(True))
        .group_by(expr)
    )
    if office_ids is not None:
        query = query.where(Person.office_id.in_(office_ids))
    counts = dict.fromkeys(Status, 0)
    counts.update({Status(value): n for value, n in db.session.execute(query)})
    return counts


def applied_import(token: str) -> sa.Row | None:
    """One applied import of past completions: file name, when, who ran it and what it did."""
    return uploads.applied_import(CompletionUpload, Person, token)


def recent_imports() -> list[sa.Row]:
    """The latest applied imports of past completions, for the upload page."""
    return uploads.recent_imports(CompletionUpload, Person)
