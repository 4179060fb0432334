"""Reads for the authoring pages."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ambassador.completions.models import Completion, Standing
from ambassador.db import db
from ambassador.org.models import Office, Person
from ambassador.pagination import Page, paginate_rows
from ambassador.training.models import Module, ModuleVersion, Question


def all_modules() -> list[Module]:
    """Every module, drafts included, with texts and current questions, in four statements."""
    return list(
        db.session.scalars(
            sa.select(Module)
            .options(
                selectinload(Module.texts),
                selectinload(Module.current_version).selectinload(ModuleVersion.questions),
            )
            .order_by(Module.id)
        )
    )


@dataclass
class VersionRow:
    """One version of a module as its page lists it."""

    number: int
    published_on: datetime | None  # None: the first version of a module never published
    questions: int


def live_since(number: int, created_at: datetime, published_at: datetime | None) -> datetime | None:
    """When a version went live: the first with the module's publication, a later one when made.

    A draft's questions are edited in place until it is first published; every later version
    is made by changing the questions after that and replaces its predecessor at once.
    """
    if number == 1:
        return published_at
    return created_at


def module_page(module_id: int) -> tuple[Module, list[VersionRow]] | None:
    """A module with texts and current questions, and its versions, in a fixed number of statements."""
    module = db.session.scalar(
        sa.select(Module)
        .where(Module.id == module_id)
        .options(
            selectinload(Module.texts),
            selectinload(Module.current_version).selectinload(ModuleVersion.questions),
        )
    )
    if module is None:
        return None
    rows = db.session.execute(
        sa.select(ModuleVersion.number, ModuleVersion.created_at, sa.func.count(Question.id))
        .outerjoin(Question, Question.version_id == ModuleVersion.id)
        .where(ModuleVersion.module_id == module_id)
        .group_by(ModuleVersion.id, ModuleVersion.number, ModuleVersion.created_at)
        .order_by(ModuleVersion.number)
    ).all()
    versions = [
        VersionRow(number, live_since(number, created_at, module.published_at), count)
        for number, created_at, count in rows
    ]
    return module, versions


def passes(module_id: int, page: int, office_id: int | None = None) -> Page:
    """Each person who completed a module once, with their latest completion; newest first."""
    query = (
        sa.select(
            Person.name,
            Office.name.label("office"),
            Completion.completed_at,
            Completion.expires_at,
            Completion.method,
            ModuleVersion.number.label("version"),
        )
        .select_from(Standing)
        .join(Completion, Completion.id == Standing.completion_id)
        .join(Person, Person.id == Standing.person_id)
        .join(Office, Office.id == Person.office_id)
        .outerjoin(ModuleVersion, ModuleVersion.id == Completion.version_id)
        .where(Standing.module_id == module_id)
        .order_by(Standing.completed_at.desc(), Person.name, Person.id)
    )
    if office_id is not None:
        query = query.where(Person.office_id == office_id)
    return paginate_rows(query, page, 50)


def passes_held(module_id: int, now: datetime) -> int:
    """How many people hold a pass of the module that has not expired."""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Standing)
        .where(Standing.module_id == module_id, Standing.expires_at > now)
    )
