"""Authoring rules for questions and versions.

- A question has at least two choices and at least one correct; single choice has exactly one
  correct. A true/false question always has the two answers True and False, written in every
  language offered; the author only picks which one is right.
- While a module is a draft its questions are edited in place. Once published, any change to
  its questions makes a new version; attempts and completions keep the version they were made on.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ambassador.audit.services import diff, record
from ambassador.authoring.services import AuthoringError, check_draw, check_text
from ambassador.db import db
from ambassador.training.models import Choice, Module, ModuleVersion, Question, QuestionKind

MAX_CHOICES = 6


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


TRUE_FALSE = (_l("True"), _l("False"))


def true_false_texts() -> list[dict[str, str]]:
    """True and False in every language the installation offers, so no author types them.

    Every offered language, not only the module's: a text added later finds its answers there.
    """
    texts: list[dict[str, str]] = [{}, {}]
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            for text, label in zip(texts, TRUE_FALSE, strict=True):
                text[language] = str(label)
    return texts


def _check_texts(question: QuestionInput) -> None:
    """Every text of a question is storable text of a sensible length."""
    for texts, limit, field_name in [
        (question.prompt, "prompt", "prompt"),
        (question.explanation, "explanation", "explanation"),
    ] + [(choice.text, "choice", "choices") for choice in question.choices]:
        if not isinstance(texts, dict):
            raise AuthoringError(_l("This text cannot be stored."), field_name)
        for language, value in texts.items():
            check_text(language, "choice", field_name)
            check_text(value, limit, field_name)


def _check_true_false(question: QuestionInput) -> None:
    """A true/false question: two answers (True, then False), exactly one of them right."""
    correct = [choice.correct for choice in question.choices]
    if not any(correct):
        raise AuthoringError(_l("Choose whether the statement is true or false."), "answer")
    if len(correct) != 2 or sum(correct) != 1:
        raise AuthoringError(
            _l("A true/false question has exactly two answers, True and False, and one is right."), "answer"
        )


def check_question(question: QuestionInput, languages: list[str]) -> None:
    """Refuse a question without a correct answer or with the wrong number of choices."""
    if question.kind not in set(QuestionKind):
        raise AuthoringError(_l("Choose a question type."), "kind")
    if len(question.choices) > MAX_CHOICES:
        raise AuthoringError(_l("A question has at most %(n)s answers.", n=MAX_CHOICES), "choices")
    _check_texts(question)
    if not any(question.prompt.get(language, "").strip() for language in languages):
        raise AuthoringError(_l("Write the question."), "prompt")
    if question.kind == QuestionKind.TRUE_FALSE:
        _check_true_false(question)
        return
    choices = [c for c in question.choices if any(v.strip() for v in c.text.values())]
    correct = sum(1 for c in choices if c.correct)
    if len(choices) < 2:
        raise AuthoringError(_l("A question needs at least two answers."), "choices")
    if correct == 0:
        raise AuthoringError(_l("Mark at least one answer as correct."), "correct")
    if question.kind == QuestionKind.SINGLE and correct != 1:
        raise AuthoringError(_l("This question type has exactly one correct answer."), "correct")


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
    if data.kind == QuestionKind.TRUE_FALSE:
        texts = true_false_texts()
        question.choices = [
            Choice(position=i, correct=c.correct, text=texts[i]) for i, c in enumerate(data.choices)
        ]
        return
    kept = [c for c in data.choices if any(v.strip() for v in c.text.values())]
    question.choices = [
        Choice(position=i, correct=c.correct, text={k: v.strip() for k, v in c.text.items() if v.strip()})
        for i, c in enumerate(kept)
    ]


def _described(question: Question | None) -> dict:
    """A question as the audit log writes it: its type, and each text per language ("prompt.en")."""
    if question is None:
        return {}
    values = {"kind": question.kind}
    answers = {language for choice in question.choices for language in choice.text}
    for language in sorted({*question.prompt, *question.explanation, *answers}):
        values[f"prompt.{language}"] = question.prompt.get(language)
        values[f"explanation.{language}"] = question.explanation.get(language)
        values[f"answers.{language}"] = "; ".join(
            ("✓ " if choice.correct else "") + choice.text.get(language, "") for choice in question.choices
        )
    return values


def _record(module: Module, version: ModuleVersion, position: int, before: dict, after: dict, actor, now):
    """Audit a change to a question of `version`, field by field."""
    summary = f"{module.reference}, version {version.number}, question {position + 1}"
    record(actor, "module.question", summary, now, changes=diff(before, after))


def _at(version: ModuleVersion, position: int) -> Question:
    """The question at `position`, or the AuthoringError saying there is none."""
    question = next((q for q in version.questions if q.position == position), None)
    if question is None:
        raise AuthoringError(_l("There is no such question."))
    return question


def save_question(module: Module, position: int | None, data: QuestionInput, *, actor, now) -> Question:
    """Add a question (position None) or change the one at `position` of the current version."""
    check_question(data, module.languages or [module.default_language])
    before = {} if position is None else _described(_at(module.current_version, position))
    version = editable_version(module, now)
    if position is None:
        question = Question(position=len(version.questions))
        version.questions.append(question)
    else:
        question = _at(version, position)
    _fill(question, data)
    db.session.flush()
    _record(module, version, question.position, before, _described(question), actor, now)
    return question


def delete_question(module: Module, position: int, *, actor, now) -> None:
    """Remove a question from the pool (a new version once published)."""
    if module.published:
        check_draw(module.is_quiz, module.draw_count, len(module.current_version.questions) - 1)
    version = editable_version(module, now)
    question = _at(version, position)
    before = _described(question)
    version.questions.remove(question)
    for index, remaining in enumerate(version.questions):
        remaining.position = index
    db.session.flush()
    _record(module, version, position, before, {}, actor, now)
