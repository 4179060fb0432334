"""Authoring rules: settings, texts, questions and versions."""

from datetime import timedelta

import pytest

from ambassador.authoring.questions import ChoiceInput, QuestionInput, delete_question, save_question
from ambassador.authoring.services import AuthoringError, Settings, publish, save_settings, save_text
from ambassador.completions.models import Completion
from ambassador.db import db
from ambassador.learning import quiz
from ambassador.training.markdown import ContentError
from tests.factories import make_module


def _question(kind="single", correct=(True, False), texts=("Yes", "No")) -> QuestionInput:
    return QuestionInput(
        kind=kind,
        prompt={"en": "Is it so?"},
        explanation={"en": "It is."},
        choices=[ChoiceInput({"en": t}, c) for t, c in zip(texts, correct, strict=True)],
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"pass_mark": 0}, "pass_mark"),
        ({"pass_mark": 101}, "pass_mark"),
        ({"grace_days": -1}, "grace_days"),
        ({"validity_months": 1, "refresher_days": 40}, "refresher_days"),
        ({"draw_count": 0}, "draw_count"),
        ({"max_tries_per_day": 0}, "max_tries_per_day"),
        ({"audience": "offices", "office_ids": []}, "office_ids"),
        ({"audience": "countries", "countries": []}, "countries"),
    ],
)
def test_bad_settings_are_refused(org, now, changes, field):
    with pytest.raises(AuthoringError) as error:
        save_settings(None, Settings(**changes), actor=org.coordinator, now=now)
    assert error.value.field == field


def test_a_draw_larger_than_the_pool_is_refused_on_publish_and_after(org, now):
    module = save_settings(None, Settings(draw_count=3), actor=org.coordinator, now=now)
    save_text(module, "en", title="T", summary="", content="Hello", actor=org.coordinator, now=now)
    for _ in range(2):
        save_question(module, None, _question(), actor=org.coordinator, now=now)
    with pytest.raises(AuthoringError):
        publish(module, actor=org.coordinator, now=now)
    save_question(module, None, _question(), actor=org.coordinator, now=now)
    publish(module, actor=org.coordinator, now=now)
    with pytest.raises(AuthoringError) as error:
        save_settings(module, Settings(draw_count=4), actor=org.coordinator, now=now)
    assert error.value.field == "draw_count"


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        (_question(correct=(False, False)), "Mark at least one answer as correct."),
        (_question(correct=(True, True)), "exactly one correct"),
        (
            _question(kind="true_false", correct=(True, False, False), texts=("T", "F", "X")),
            "exactly two answers",
        ),
        (_question(correct=(True,), texts=("Only",)), "at least two answers"),
        (_question(kind="multiple", correct=(False, False)), "Mark at least one answer as correct."),
    ],
)
def test_bad_questions_are_refused(org, now, question, reason):
    module = make_module(published=False)
    before = len(module.current_version.questions)
    with pytest.raises(AuthoringError) as error:
        save_question(module, None, question, actor=org.coordinator, now=now)
    assert reason in str(error.value.message)
    assert len(module.current_version.questions) == before


def test_a_multiple_choice_question_may_have_several_right_answers(org, now):
    module = make_module(published=False)
    question = save_question(
        module,
        None,
        _question(kind="multiple", correct=(True, True, False), texts=("A", "B", "C")),
        actor=org.coordinator,
        now=now,
    )
    assert [c.correct for c in question.choices] == [True, True, False]


@pytest.mark.parametrize(
    "content",
    [
        "<script>alert(1)</script>",
        "Click <a href=x onclick=alert(1)>here</a>",
        "[x](javascript:alert(1))",
        "<iframe src=//evil.example></iframe>",
        "![x](https://evil.example/pixel.png)",
        "![x][t]\n\n[t]: https://tracker.example/p.png",
        "![a [b] c](https://evil.example/q.png)",
        "[![inner](//evil.example/i.png)](/static/x)",
    ],
)
def test_unsafe_content_is_refused(org, now, content):
    module = make_module(published=False)
    with pytest.raises(ContentError):
        save_text(module, "en", title="T", summary="", content=content, actor=org.coordinator, now=now)
    db.session.rollback()


def test_images_from_static_and_uploads_are_fine(org, now):
    module = make_module(published=False)
    text = save_text(
        module,
        "en",
        title="T",
        summary="",
        content="![a](/static/favicon.svg) ![b](/authoring/images/3)",
        actor=org.coordinator,
        now=now,
    )
    assert text.content.startswith("![a]")


def test_editing_a_published_quiz_makes_a_new_version_and_old_passes_keep_theirs(org, now):
    module = make_module(questions=4, draw=3)
    first = module.current_version
    attempt = quiz.start_attempt(org.employee, module, now)
    answers = {q.id: {c.id for c in ch if c.correct} for q, ch in quiz.attempt_questions(attempt)}
    quiz.submit(attempt, org.employee, answers, now)
    save_question(module, 0, _question(), actor=org.coordinator, now=now + timedelta(days=1))
    assert module.current_version.number == 2 and module.current_version is not first
    assert first.questions[0].prompt == {"en": "Question 1?", "sv": "Fråga 1?"}  # untouched
    assert module.current_version.questions[0].prompt == {"en": "Is it so?"}
    completion = db.session.query(Completion).one()
    assert completion.version_id == first.id
    delete_question(module, 3, actor=org.coordinator, now=now)
    assert module.current_version.number == 3 and len(module.current_version.questions) == 3


def test_editing_a_draft_changes_it_in_place(org, now):
    module = make_module(published=False)
    save_question(module, 0, _question(), actor=org.coordinator, now=now)
    assert module.current_version.number == 1 and len(module.versions) == 1


def test_a_published_quiz_keeps_as_many_questions_as_a_try_draws(org, now):
    module = make_module(questions=4, draw=4)
    with pytest.raises(AuthoringError):
        delete_question(module, 0, actor=org.coordinator, now=now)
    assert len(module.current_version.questions) == 4
    draft = make_module(questions=2, draw=2, published=False)
    delete_question(draft, 0, actor=org.coordinator, now=now)  # a draft may shrink; publishing checks
    assert len(draft.current_version.questions) == 1
