"""Moving a module between installations: a JSON file with all languages and questions.

An imported module arrives as a draft, built through the same rules as one written by hand.
"""

import json
from datetime import datetime

from flask_babel import lazy_gettext as _l

from ambassador.errors import UserError
from ambassador.training import services
from ambassador.training.markdown import ContentError
from ambassador.training.models import Module

FORMAT = "ambassador-module"
VERSION = 1


class TransferError(UserError):
    """A module file that cannot be imported; the message says why."""


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
    }


def _settings(data: dict) -> services.Settings:
    """Settings from a file; an audience of chosen offices becomes everyone (offices are local)."""
    values = {name: data[name] for name in services.MODULE_SETTINGS if name in data}
    if values.get("audience") == "offices":
        values["audience"] = "everyone"
    values["countries"] = list(data.get("countries") or [])
    return services.Settings(**values)


def import_module(raw: bytes, *, languages, actor, now: datetime) -> Module:
    """Create a draft module from an exported file; raise TransferError for a bad file."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
        if data.get("format") != FORMAT:
            raise TransferError(_l("This is not a module file exported from Ambassador."))
        module = services.save_settings(None, _settings(data["settings"]), actor=actor, now=now)
        for language, text in data["texts"].items():
            if language not in languages:
                raise TransferError(
                    _l("The file has a language this installation does not offer: %(l)s.", l=language)
                )
            services.save_text(
                module,
                language,
                title=text["title"],
                summary=text.get("summary", ""),
                content=text.get("content", ""),
                actor=actor,
                now=now,
            )
        for question in data["questions"]:
            choices = [services.ChoiceInput(dict(c["text"]), bool(c["correct"])) for c in question["choices"]]
            item = services.QuestionInput(
                question["kind"], dict(question["prompt"]), dict(question.get("explanation") or {}), choices
            )
            services.save_question(module, None, item, actor=actor, now=now)
    except TransferError:
        raise
    except (services.AuthoringError, ContentError) as error:
        raise TransferError(
            _l("The module in the file breaks a rule: %(reason)s", reason=error.message)
        ) from None
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise TransferError(_l("The file is not a readable module file.")) from None
    return module
