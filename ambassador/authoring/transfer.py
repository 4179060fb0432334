"""Moving a module between installations: a JSON file with all languages, questions and images.

An imported module arrives as a draft, built through the same rules as one written by hand.
Uploaded images the content shows travel inside the file and get new addresses on arrival.
"""

import base64
import binascii
import json
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.assets import services as assets
from ambassador.assets.models import ModuleImage
from ambassador.assets.queries import IMAGE_LINK, image_ids
from ambassador.authoring import questions, services
from ambassador.db import db
from ambassador.errors import UserError
from ambassador.training.markdown import ContentError
from ambassador.training.models import Module

FORMAT = "ambassador-module"
VERSION = 1


class TransferError(UserError):
    """A module file that cannot be imported; the message says why."""


def _images_of(module: Module) -> dict[str, dict]:
    """The uploaded images the module's texts show, base64-encoded."""
    ids = set().union(*(image_ids(text.content) for text in module.texts))
    images = db.session.scalars(sa.select(ModuleImage).where(ModuleImage.id.in_(ids))).all() if ids else []
    return {
        str(image.id): {"content_type": image.content_type, "data": base64.b64encode(image.data).decode()}
        for image in images
    }


def export_module(module: Module) -> dict:
    """Everything needed to recreate a module elsewhere (offices are local, so not included)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "settings": {name: getattr(module, name) for name in services.MODULE_SETTINGS}
        | {"countries": module.audience_countries},
        "texts": {
            t.language: {"title": t.title, "summary": t.summary, "content": t.content} for t in module.texts
        },
        "questions": [
            {
                "kind": q.kind,
                "prompt": q.prompt,
                "explanation": q.explanation,
                "choices": [{"text": c.text, "correct": c.correct} for c in q.choices],
            }
            for q in module.current_version.questions
        ],
        "images": _images_of(module),
    }


def _import_images(data: dict, *, actor, now: datetime) -> dict[str, str]:
    """Store the file's images (checked like any upload); old id -> new id."""
    renumbered = {}
    for old_id, image in (data.get("images") or {}).items():
        try:
            raw = base64.b64decode(image["data"], validate=True)
        except (binascii.Error, TypeError):
            raise TransferError(_l("The file is not a readable module file.")) from None
        renumbered[str(old_id)] = str(assets.save_image(raw, actor=actor, now=now).id)
    return renumbered


def _relink(content: str, renumbered: dict[str, str]) -> str:
    """Point image links at the images as stored here; refuse links to images the file lacks."""

    def replace(match):
        if match.group(1) not in renumbered:
            raise TransferError(_l("The module shows an image that is not in the file."))
        return f"/authoring/images/{renumbered[match.group(1)]}"

    return IMAGE_LINK.sub(replace, content)


def _settings(data: dict) -> services.Settings:
    """Settings from a file; an audience of chosen offices becomes everyone (offices are local)."""
    values = {name: data[name] for name in services.MODULE_SETTINGS if name in data}
    if values.get("audience") == "offices":
        values["audience"] = "everyone"
    values["countries"] = list(data.get("countries") or [])
    return services.Settings(**values)


def _question(number: int, question: dict) -> questions.QuestionInput:
    """One question from a file; whether a choice is correct must be written true or false."""
    choices = []
    for choice in question["choices"]:
        if type(choice["correct"]) is not bool:
            raise TransferError(
                _l('Question %(n)s: "correct" must be true or false, without quotes.', n=number)
            )
        choices.append(questions.ChoiceInput(dict(choice["text"]), choice["correct"]))
    return questions.QuestionInput(
        question["kind"], dict(question["prompt"]), dict(question.get("explanation") or {}), choices
    )


def _read(raw: bytes) -> dict:
    """The file's JSON document; refuse one nested too deeply to be a module file."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except RecursionError:
        raise TransferError(_l("The file is nested too deeply to be a module file.")) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TransferError(_l("This is not a module file exported from Ambassador."))
    return data


def _import_texts(module: Module, data: dict, renumbered: dict[str, str], *, languages, actor, now) -> None:
    """Write the file's texts, in the languages this installation offers, with images relinked."""
    for language, text in data["texts"].items():
        if language not in languages:
            raise TransferError(
                _l("The file has a language this installation does not offer: %(l)s.", l=language)
            )
        content = services.check_text(text.get("content", ""), "content", "content")
        services.save_text(
            module,
            language,
            title=text["title"],
            summary=text.get("summary", ""),
            content=_relink(content, renumbered),
            actor=actor,
            now=now,
        )


def import_module(raw: bytes, *, languages, actor, now: datetime) -> Module:
    """Create a draft module from an exported file; raise TransferError for a bad file."""
    try:
        data = _read(raw)
        settings = _settings(data["settings"])
        services.check_settings(settings, languages)
        module = services.save_settings(None, settings, actor=actor, now=now)
        renumbered = _import_images(data, actor=actor, now=now)
        _import_texts(module, data, renumbered, languages=languages, actor=actor, now=now)
        for number, question in enumerate(data["questions"], start=1):
            questions.save_question(module, None, _question(number, question), actor=actor, now=now)
    except TransferError:
        raise
    except (services.AuthoringError, ContentError, assets.AssetError) as error:
        raise TransferError(
            _l("The module in the file breaks a rule: %(reason)s", reason=error.message)
        ) from None
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise TransferError(_l("The file is not a readable module file.")) from None
    return module
