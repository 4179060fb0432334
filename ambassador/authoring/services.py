"""Authoring rules: module settings, texts, questions, versions and publishing.

- A pass mark is 1–100 per cent; a draw is at least one question and, to publish, no larger
  than the pool; the refresher window is shorter than the validity; grace is never negative.
- A question has at least two choices and at least one correct; single choice and true/false
  have exactly one correct; true/false has exactly two choices.
- While a module is a draft its questions are edited in place. Once published, any change to
  its questions makes a new version; attempts and completions keep the version they were made on.
"""

from dataclasses import dataclass, field, fields
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.audit.services import record
from ambassador.db import db
from ambassador.errors import UserError
from ambassador.org.countries import is_country
from ambassador.org.models import Office
from ambassador.training import markdown
from ambassador.training.models import (
    Audience,
    Choice,
    Module,
    ModuleText,
    ModuleVersion,
    Question,
    QuestionKind,
)


class AuthoringError(UserError):
    """A change the rules refuse; `field` names the form field to show it on."""


@dataclass
class Settings:
    """What the coordinator decides about a module besides its texts and questions."""

    default_language: str = "en"
    estimated_minutes: int = 10
    content_warning: bool = False
    is_quiz: bool = True
    pass_mark: int = 80
    draw_count: int = 5
    max_tries_per_day: int | None = None
    audience: str = Audience.EVERYONE
    office_ids: list[int] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    grace_days: int = 30
    validity_months: int = 12
    refresher_days: int = 30


# The settings stored as columns of the module (offices and countries are stored beside it).
MODULE_SETTINGS = tuple(f.name for f in fields(Settings) if f.name not in ("office_ids", "countries"))


@dataclass
class ChoiceInput:
    """One choice as typed: its text per language and whether it is correct."""

    text: dict[str, str]
    correct: bool


@dataclass
class QuestionInput:
    """One question as typed."""

    kind: str
    prompt: dict[str, str]
    explanation: dict[str, str]
    choices: list[ChoiceInput]


# Ranges of the numeric settings, (lowest, highest); the settings form uses the same table.
LIMITS = {
    "estimated_minutes": (1, 600),
    "pass_mark": (1, 100),
    "draw_count": (1, 200),
    "max_tries_per_day": (1, 100),
    "grace_days": (0, 3650),
    "validity_months": (1, 120),
    "refresher_days": (0, 3650),
}
TEXT_LIMITS = {
    "title": 200,
    "summary": 500,
    "content": 100_000,
    "prompt": 2000,
    "explanation": 2000,
    "choice": 500,
}
MAX_CHOICES = 6


def _check_number(name: str, value) -> None:
    """A whole number inside its range (an empty tries-per-day limit means no limit)."""
    if name == "max_tries_per_day" and value is None:
        return
    low, high = LIMITS[name]
    if type(value) is not int or not low <= value <= high:
        if name == "pass_mark":
            raise AuthoringError(_l("The pass mark must be between 1 and 100 per cent."), name)
        raise AuthoringError(_l("Enter a whole number from %(low)s to %(high)s.", low=low, high=high), name)


def check_text(value, limit_name: str, field: str) -> str:
    """Refuse text that is not text, is too long, or holds a NUL byte; return it."""
    if not isinstance(value, str) or "\x00" in value:
        raise AuthoringError(_l("This text cannot be stored."), field)
    if len(value) > TEXT_LIMITS[limit_name]:
        raise AuthoringError(_l("Keep it under %(n)s characters.", n=TEXT_LIMITS[limit_name]), field)
    return value


def check_settings(settings: Settings, languages=None) -> None:
    """Refuse settings outside the rules (also for settings read from an imported file)."""
    for name in LIMITS:
        _check_number(name, getattr(settings, name))
    if settings.refresher_days >= settings.validity_months * 28:
        raise AuthoringError(
            _l("The refresher window must be shorter than the validity period."), "refresher_days"
        )
    if type(settings.is_quiz) is not bool or type(settings.content_warning) is not bool:
        raise AuthoringError(_l("Choose yes or no."), "is_quiz")
    if settings.audience not in set(Audience):
        raise AuthoringError(_l("Choose who must take the module."), "audience")
    if languages is not None and settings.default_language not in languages:
        raise AuthoringError(_l("Choose one of the languages offered."), "default_language")
    if settings.audience == Audience.OFFICES and not settings.office_ids:
        raise AuthoringError(_l("Choose at least one office."), "office_ids")
    if settings.audience == Audience.COUNTRIES and not settings.countries:
        raise AuthoringError(_l("Choose at least one country."), "countries")
    if not all(is_country(code) for code in settings.countries):
        raise AuthoringError(_l("Choose countries from the list."), "countries")


def save_settings(module: Module | None, settings: Settings, *, actor, now: datetime) -> Module:
    """Create a module (None) or change its settings; the caller commits."""
    check_settings(settings)
    created = module is None
    if created:
        module = Module(created_at=now)
        module.versions.append(ModuleVersion(number=1, created_at=now))
        db.session.add(module)
    if module.published and settings.is_quiz:
        pool = len(module.current_version.questions) if module.current_version else 0
        if settings.draw_count > pool:
            raise AuthoringError(
                _l("A try cannot draw more questions than the pool holds (%(n)s).", n=pool), "draw_count"
            )
    for name in MODULE_SETTINGS:
        setattr(module, name, getattr(settings, name))
    offices = db.session.scalars(sa.select(Office).where(Office.id.in_(settings.office_ids))).all()
    module.audience_offices = list(offices) if settings.audience == Audience.OFFICES else []
    module.audience_countries = settings.countries if settings.audience == Audience.COUNTRIES else []
    db.session.flush()
    if created:
        module.current_version = module.versions[0]
    record(actor, "module.created" if created else "module.settings", f"module {module.id}", now)
    return module


def save_text(
    module: Module, language: str, *, title: str, summary: str, content: str, actor, now
) -> ModuleText:
    """Write a module's text in one language; content is checked before anything is saved."""
    check_text(title, "title", "title")
    check_text(summary, "summary", "summary")
    check_text(content, "content", "content")
    markdown.check(content)
    if not title.strip():
        raise AuthoringError(_l("A title is required."), "title")
    text = next((t for t in module.texts if t.language == language), None)
    if text is None:
        text = ModuleText(language=language)
        module.texts.append(text)
    text.title, text.summary, text.content = title.strip(), summary.strip(), content
    record(actor, "module.text", f"module {module.id} ({language}): {text.title}", now)
    return text


def check_question(question: QuestionInput, languages: list[str]) -> None:
    """Refuse a question without a correct answer or with the wrong number of choices."""
    if question.kind not in set(QuestionKind):
        raise AuthoringError(_l("Choose a question type."), "kind")
    if len(question.choices) > MAX_CHOICES:
        raise AuthoringError(_l("A question has at most %(n)s answers.", n=MAX_CHOICES), "choices")
    for texts, limit in [(question.prompt, "prompt"), (question.explanation, "explanation")] + [
        (choice.text, "choice") for choice in question.choices
    ]:
        if not isinstance(texts, dict):
            raise AuthoringError(_l("This text cannot be stored."), "choices")
        for language, value in texts.items():
            check_text(language, "choice", "choices")
            check_text(value, limit, "choices")
    choices = [c for c in question.choices if any(v.strip() for v in c.text.values())]
    correct = sum(1 for c in choices if c.correct)
    if not any(question.prompt.get(language, "").strip() for language in languages):
        raise AuthoringError(_l("Write the question."), "prompt")
    if len(choices) < 2:
        raise AuthoringError(_l("A question needs at least two answers."), "choices")
    if correct == 0:
        raise AuthoringError(_l("Mark at least one answer as correct."), "choices")
    if question.kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE) and correct != 1:
        raise AuthoringError(_l("This question type has exactly one correct answer."), "choices")
    if question.kind == QuestionKind.TRUE_FALSE and len(choices) != 2:
        raise AuthoringError(_l("A true/false question has exactly two answers."), "choices")


def editable_version(module: Module, now: datetime) -> ModuleVersion:
    """The version whose questions may change: in place until first published, else a new copy."""
    current = module.current_version
    if module.published_at is None:
        return current
    number = max(v.number for v in module.versions) + 1
    copy = ModuleVersion(number=number, created_at=now)
    for question in current.questions:
        copy.questions.append(
            Question(
                position=question.position,
                kind=question.kind,
                prompt=dict(question.prompt),
                explanation=dict(question.explanation),
                choices=[
                    Choice(position=c.position, correct=c.correct, text=dict(c.text))
                    for c in question.choices
                ],
            )
        )
    module.versions.append(copy)
    db.session.flush()
    module.current_version = copy
    return copy


def _fill(question: Question, data: QuestionInput) -> None:
    """Copy typed values into a question."""
    question.kind = data.kind
    question.prompt = {k: v.strip() for k, v in data.prompt.items() if v.strip()}
    question.explanation = {k: v.strip() for k, v in data.explanation.items() if v.strip()}
    kept = [c for c in data.choices if any(v.strip() for v in c.text.values())]
    question.choices = [
        Choice(position=i, correct=c.correct, text={k: v.strip() for k, v in c.text.items() if v.strip()})
        for i, c in enumerate(kept)
    ]


def save_question(module: Module, position: int | None, data: QuestionInput, *, actor, now) -> Question:
    """Add a question (position None) or change the one at `position` of the current version."""
    check_question(data, module.languages or [module.default_language])
    version = editable_version(module, now)
    if position is None:
        question = Question(position=len(version.questions))
        version.questions.append(question)
    else:
        question = next((q for q in version.questions if q.position == position), None)
        if question is None:
            raise AuthoringError(_l("There is no such question."))
    _fill(question, data)
    db.session.flush()
    record(
        actor,
        "module.question",
        f"module {module.id} version {version.number}: question {question.position + 1}",
        now,
    )
    return question


def delete_question(module: Module, position: int, *, actor, now) -> None:
    """Remove a question from the pool (a new version once published).

    A published quiz keeps at least as many questions as a try draws.
    """
    if module.published and module.is_quiz and len(module.current_version.questions) - 1 < module.draw_count:
        raise AuthoringError(
            _l(
                "A published quiz needs at least %(n)s questions, as many as a try draws.",
                n=module.draw_count,
            )
        )
    version = editable_version(module, now)
    question = next((q for q in version.questions if q.position == position), None)
    if question is None:
        raise AuthoringError(_l("There is no such question."))
    version.questions.remove(question)
    for index, remaining in enumerate(version.questions):
        remaining.position = index
    db.session.flush()
    record(actor, "module.question", f"module {module.id} version {version.number}: question removed", now)


def publish(module: Module, *, actor, now: datetime) -> None:
    """Publish a module once it has a text in its default language and a large enough pool."""
    if module.default_language not in module.languages:
        raise AuthoringError(_l("Write the module in its default language first."))
    if module.is_quiz:
        pool = len(module.current_version.questions)
        if pool == 0:
            raise AuthoringError(
                _l("Add questions before publishing, or make the module an acknowledgement.")
            )
        if module.draw_count > pool:
            raise AuthoringError(_l("A try cannot draw more questions than the pool holds (%(n)s).", n=pool))
    module.published = True
    module.published_at = module.published_at or now
    record(actor, "module.published", f"module {module.id}", now)


def unpublish(module: Module, *, actor, now: datetime) -> None:
    """Take a module back to draft; completions are kept."""
    module.published = False
    record(actor, "module.unpublished", f"module {module.id}", now)
