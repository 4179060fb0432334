"""Reads for the authoring pages."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ambassador.completions.models import Completion
from ambassador.db import db
from ambassador.org.models import Office, Person
from ambassador.pagination import Page, paginate_rows
from ambassador.training.models import Module, ModuleVersion


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


def passes(module_id: int, page: int) -> Page:
    """Who completed a module, newest first, with office and the version each person passed."""
    query = (
        sa.select(
            Person.name,
            Office.name.label("office"),
            Completion.completed_at,
            Completion.expires_at,
            Completion.method,
            ModuleVersion.number.label("version"),
        )
        .join(Person, Person.id == Completion.person_id)
        .join(Office, Office.id == Person.office_id)
        .outerjoin(ModuleVersion, ModuleVersion.id == Completion.version_id)
        .where(Completion.module_id == module_id)
        .order_by(Completion.completed_at.desc(), Completion.id.desc())
    )
    return paginate_rows(query, page, 50)
