"""Proof of training: every completion, and each person's current standing per module."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.importing.uploads import UploadMixin


class Method(StrEnum):
    """How a completion was earned."""

    QUIZ = "quiz"
    ACKNOWLEDGEMENT = "acknowledgement"
    WORKSHOP = "workshop"
    IMPORT = "import"  # history from another system: the rules apply forward (see completions.imports)


class Completion(db.Model):
    """Proof that a person completed a module, with the date it expires. Never edited."""

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("module.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("module_version.id"))
    method: Mapped[str] = mapped_column(sa.String(16))
    attempt_id: Mapped[int | None] = mapped_column(sa.ForeignKey("attempt.id", ondelete="SET NULL"))
    completed_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)  # the certificate identifier
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    module = relationship("Module")
    version = relationship("ModuleVersion")
    person = relationship("Person")

    __table_args__ = (
        sa.Index("ix_completion_person_id_module_id", "person_id", "module_id", "completed_at"),
    )


class Standing(db.Model):
    """The latest completion per person and module, kept beside the history so status is cheap."""

    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("module.id", ondelete="CASCADE"), primary_key=True)
    completion_id: Mapped[int] = mapped_column(sa.ForeignKey("completion.id", ondelete="CASCADE"))
    completed_at: Mapped[datetime]
    expires_at: Mapped[datetime]

    __table_args__ = (sa.Index("ix_standing_module_id_expires_at", "module_id", "expires_at"),)


class CompletionUpload(UploadMixin, db.Model):
    """A file of past completions between its preview and its apply, then the record of the import."""
