"""Authoring rules: module settings, texts and publishing.

- A pass mark is 1–100 per cent; a draw is at least one question and, to publish, no larger
  than the pool (`check_draw`); the refresher window is shorter than the validity; the days to
  complete are never negative. A new module starts from `MODULE_DEFAULTS` (training/models.py).

The rules for questions and versions are in `authoring/questions.py`.
"""

from dataclasses import dataclass, field, fields
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.audit.services import diff, record, snapshot
from ambassador.db import db
from ambassador.errors import UserError
from ambassador.org.countries import is_country
from ambassador.org.models import Office
from ambassador.text import CONTROL_MESSAGE, has_control_characters
from ambassador.training import markdown
from ambassador.training.models import (
    MODULE_DEFAULTS,
    Audience,
    Module,
    ModuleText,
    ModuleVersion,
)


class AuthoringError(UserError):
    """A change the rules refuse; `field` names the form field to show it on."""


@dataclass
class Settings:
    """What the coordinator decides about a module besides its texts and questions."""

    default_language: str = MODULE_DEFAULTS["default_language"]
    estimated_minutes: int = MODULE_DEFAULTS["estimated_minutes"]
    content_warning: bool = MODULE_DEFAULTS["content_warning"]
    is_quiz: bool = MODULE_DEFAULTS["is_quiz"]
    pass_mark: int = MODULE_DEFAULTS["pass_mark"]
    draw_count: int = MODULE_DEFAULTS["draw_count"]
    max_tries_per_day: int | None = MODULE_DEFAULTS["max_tries_per_day"]
    audience: str = MODULE_DEFAULTS["audience"]
    office_ids: list[int] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    grace_days: int = MODULE_DEFAULTS["grace_days"]
    validity_months: int = MODULE_DEFAULTS["validity_months"]
    refresher_days: int = MODULE_DEFAULTS["refresher_days"]
    workshop_eligible: bool = MODULE_DEFAULTS["workshop_eligible"]


# The settings stored as columns of the module (offices and countries are stored beside it).
MODULE_SETTINGS = tuple(f.name for f in fields(Settings) if f.name not in ("office_ids", "countries"))


def settings_of(module: Module) -> Settings:
    """The settings a module has now."""
    return Settings(
        **{name: getattr(module, name) for name in MODULE_SETTINGS},
        office_ids=[office.id for office in module.audience_offices],
        countries=module.audience_countries,
    )


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
    if any(
        type(v) is not bool for v in (settings.is_quiz, settings.content_warning, settings.workshop_eligible)
    ):
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


def check_draw(is_quiz: bool, draw_count: int, pool: int) -> None:
    """A quiz's try draws no more questions than its pool holds (an acknowledgement draws none).

    Checked when a module is published, and for a published module whenever its settings or
    its pool change, so that every try of a published quiz can be drawn.
    """
    if is_quiz and draw_count > pool:
        raise AuthoringError(
            _l(
                "A try would draw %(draw)s questions from a pool of %(pool)s. "
                "Draw fewer, or add questions to the pool.",
                draw=draw_count,
                pool=pool,
            ),
            "draw_count",
        )


def _described(module: Module) -> dict:
    """A module's settings as the audit log writes them, per field."""
    values = snapshot(module, MODULE_SETTINGS)
    values["offices"] = [office.name for office in module.audience_offices]
    values["countries"] = module.audience_countries
    return values


def save_settings(module: Module | None, settings: Settings, *, actor, now: datetime) -> Module:
    """Create a module (None) or change its settings; the audit log says what changed."""
    check_settings(settings)
    created = module is None
    if created:
        module = Module(created_at=now)
        module.versions.append(ModuleVersion(number=1, created_at=now))
        db.session.add(module)
    elif module.published:
        check_draw(settings.is_quiz, settings.draw_count, len(module.current_version.questions))
    before = {} if created else _described(module)
    for name in MODULE_SETTINGS:
        setattr(module, name, getattr(settings, name))
    offices = db.session.scalars(sa.select(Office).where(Office.id.in_(settings.office_ids))).all()
    module.audience_offices = list(offices) if settings.audience == Audience.OFFICES else []
    module.audience_countries = settings.countries if settings.audience == Audience.COUNTRIES else []
    db.session.flush()
    if created:
        module.current_version = module.versions[0]
    if changes := diff(before, _described(module)):
        action = "module.created" if created else "module.settings"
        record(actor, action, module.reference, now, changes=changes)
    return module


TEXT_FIELDS = ("title", "summary", "content")


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
    if has_control_characters(title) or has_control_characters(summary):
        raise AuthoringError(CONTROL_MESSAGE, "title" if has_control_characters(title) else "summary")
    text = next((t for t in module.texts if t.language == language), None)
    before = snapshot(text, TEXT_FIELDS) if text is not None else {}
    if text is None:
        text = ModuleText(language=language)
        module.texts.append(text)
    text.title, text.summary, text.content = title.strip(), summary.strip(), content
    if changes := diff(before, snapshot(text, TEXT_FIELDS)):
        record(actor, "module.text", f"{module.reference}, {language}", now, changes=changes)
    return text


# What publishing (True) or unpublishing (False) changes, as the audit log keeps it.
PUBLISHED_CHANGE = {True: {"published": [False, True]}, False: {"published": [True, False]}}


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
        check_draw(module.is_quiz, module.draw_count, pool)
    if not module.published:
        record(actor, "module.published", module.reference, now, changes=PUBLISHED_CHANGE[True])
    module.published = True
    module.published_at = module.published_at or now


def unpublish(module: Module, *, actor, now: datetime) -> None:
    """Take a module back to draft; completions are kept."""
    if module.published:
        record(actor, "module.unpublished", module.reference, now, changes=PUBLISHED_CHANGE[False])
    module.published = False
