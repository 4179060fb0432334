"""A learner's tries at a module's quiz."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.training.models import ModuleVersion


class Attempt(db.Model):
    """One try at a quiz: the questions drawn, in which order, and the answers given."""

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("module.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("module_version.id"))
    drawn: Mapped[list] = mapped_column(sa.JSON)  # [[question_id, [choice_id, ...]], ...] in shown order
    answers: Mapped[dict | None] = mapped_column(sa.JSON)  # question_id -> [choice_id, ...]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    score: Mapped[int | None]
    passed: Mapped[bool | None]

    version: Mapped[ModuleVersion] = relationship()

    __table_args__ = (
        sa.Index("ix_attempt_person_id_module_id_started_at", "person_id", "module_id", "started_at"),
    )
