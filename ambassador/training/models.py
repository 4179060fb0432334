"""Modules: their texts in several languages, versions, quiz questions and audience."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ambassador.clock import utcnow
from ambassador.db import db


class Audience(StrEnum):
    """Who must take a module."""

    EVERYONE = "everyone"
    AMBASSADORS = "ambassadors"
    OFFICES = "offices"
    COUNTRIES = "countries"
    NOBODY = "nobody"  # optional, open to all


class QuestionKind(StrEnum):
    """How a question is answered."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"


# A new module's settings, read by the model's columns, the authoring rules and the settings form.
MODULE_DEFAULTS = {
    "default_language": "en",
    "estimated_minutes": 10,
    "content_warning": False,
    "is_quiz": True,
    "pass_mark": 80,
    "draw_count": 5,
    "max_tries_per_day": None,
    "audience": Audience.EVERYONE,
    "grace_days": 30,
    "validity_months": 12,
    "refresher_days": 30,
    "workshop_eligible": False,  # an ambassador's workshop may count as a completion
}


def in_language(texts: dict[str, str], language: str, default: str) -> str:
    """A text in `language`, else in the module's `default` language, else in any, else ""."""
    return texts.get(language) or texts.get(default) or next(iter(texts.values()), "")


module_country = sa.Table(
    "module_country",
    db.metadata,
    sa.Column("module_id", sa.ForeignKey("module.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("country", sa.String(2), primary_key=True),
)

module_office = sa.Table(
    "module_office",
    db.metadata,
    sa.Column("module_id", sa.ForeignKey("module.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("office_id", sa.ForeignKey("office.id", ondelete="CASCADE"), primary_key=True),
)


class Module(db.Model):
    """A unit of training. A module without questions is an acknowledgement."""

    id: Mapped[int] = mapped_column(primary_key=True)
    default_language: Mapped[str] = mapped_column(sa.String(8), default=MODULE_DEFAULTS["default_language"])
    published: Mapped[bool] = mapped_column(default=False, index=True)
    published_at: Mapped[datetime | None]
    estimated_minutes: Mapped[int] = mapped_column(default=MODULE_DEFAULTS["estimated_minutes"])
    content_warning: Mapped[bool] = mapped_column(default=MODULE_DEFAULTS["content_warning"])
    workshop_eligible: Mapped[bool] = mapped_column(default=MODULE_DEFAULTS["workshop_eligible"])
    is_quiz: Mapped[bool] = mapped_column(default=MODULE_DEFAULTS["is_quiz"])
    pass_mark: Mapped[int] = mapped_column(default=MODULE_DEFAULTS["pass_mark"])
    draw_count: Mapped[int] = mapped_column(default=MODULE_DEFAULTS["draw_count"])
    max_tries_per_day: Mapped[int | None]
    audience: Mapped[str] = mapped_column(sa.String(16), default=MODULE_DEFAULTS["audience"])
    grace_days: Mapped[int] = mapped_column(default=MODULE_DEFAULTS["grace_days"])
    validity_months: Mapped[int] = mapped_column(default=MODULE_DEFAULTS["validity_months"])
    refresher_days: Mapped[int] = mapped_column(default=MODULE_DEFAULTS["refresher_days"])
    current_version_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("module_version.id", use_alter=True, ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    texts: Mapped[list["ModuleText"]] = relationship(
        back_populates="module", cascade="all, delete-orphan", order_by="ModuleText.language"
    )
    versions: Mapped[list["ModuleVersion"]] = relationship(
        back_populates="module",
        foreign_keys="ModuleVersion.module_id",
        cascade="all, delete-orphan",
        order_by="ModuleVersion.number",
    )
    current_version: Mapped["ModuleVersion | None"] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )
    audience_offices: Mapped[list["Office"]] = relationship(secondary=module_office)  # noqa: F821
    country_rows: Mapped[list["ModuleCountry"]] = relationship(cascade="all, delete-orphan")

    @property
    def audience_countries(self) -> list[str]:
        """Country codes of a module for chosen countries."""
        return sorted(row.country for row in self.country_rows)

    @audience_countries.setter
    def audience_countries(self, codes: list[str]) -> None:
        self.country_rows = [ModuleCountry(country=code) for code in sorted(set(codes))]

    def text(self, language: str) -> "ModuleText":
        """The text in `language`, else in the module's default language, else any."""
        by_language = {text.language: text for text in self.texts}
        return by_language.get(language) or by_language.get(self.default_language) or self.texts[0]

    @property
    def reference(self) -> str:
        """The module as logs name it: its id, and its title in its default language once it has one."""
        if not self.texts:
            return f"module {self.id}"
        return f"module {self.id} ({self.text(self.default_language).title})"

    @property
    def languages(self) -> list[str]:
        """Languages the module is written in."""
        return [text.language for text in self.texts]


class ModuleCountry(db.Model):
    """A country whose people must take a module (audience: countries)."""

    __table__ = module_country


class ModuleText(db.Model):
    """A module's title, summary and Markdown content in one language."""

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("module.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(sa.String(8))
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.String(500), default="")
    content: Mapped[str] = mapped_column(sa.Text, default="")

    module: Mapped[Module] = relationship(back_populates="texts")

    __table_args__ = (sa.UniqueConstraint("module_id", "language"),)


class ModuleVersion(db.Model):
    """The questions of a module as they stood; attempts and completions keep theirs."""

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("module.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    module: Mapped[Module] = relationship(back_populates="versions", foreign_keys=[module_id])
    questions: Mapped[list["Question"]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="Question.position"
    )

    __table_args__ = (sa.UniqueConstraint("module_id", "number"),)


class Question(db.Model):
    """One question of a version's pool, with its text per language."""

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("module_version.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(sa.String(16), default=QuestionKind.SINGLE)
    prompt: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # language -> text
    explanation: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # language -> text

    version: Mapped[ModuleVersion] = relationship(back_populates="questions")
    choices: Mapped[list["Choice"]] = relationship(
        back_populates="question", cascade="all, delete-orphan", order_by="Choice.position"
    )


class Choice(db.Model):
    """One answer to choose, right or wrong."""

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    correct: Mapped[bool] = mapped_column(default=False)
    text: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # language -> text

    question: Mapped[Question] = relationship(back_populates="choices")


class CatalogueRevision(db.Model):
    """One row whose token changes with every change to the catalogue (see `training.catalogue`)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(32))
