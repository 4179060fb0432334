"""Reads of completions."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ambassador.completions.models import Completion
from ambassador.db import db
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
