"""A true/false question brings its two answers, translated; the author only picks the right one."""

import re

import sqlalchemy as sa

from ambassador.authoring.questions import ChoiceInput, QuestionInput, save_question
from ambassador.db import db
from ambassador.training.models import Question
from tests.factories import make_module


def _statement(correct_is_true: bool) -> QuestionInput:
    return QuestionInput(
        kind="true_false",
        prompt={"en": "Reports go to the hotline.", "sv": "Anmälningar går till hotline."},
        explanation={},
        choices=[ChoiceInput({}, correct_is_true), ChoiceInput({}, not correct_is_true)],
    )


def test_a_true_false_question_gets_true_and_false_in_every_language(org, now):
    module = make_module(questions=0, published=False)
    question = save_question(module, None, _statement(False), actor=org.coordinator, now=now)
    assert [c.text for c in question.choices] == [
        {"en": "True", "sv": "Sant"},
        {"en": "False", "sv": "Falskt"},
    ]
    assert [c.correct for c in question.choices] == [False, True]


def test_the_author_only_picks_which_answer_is_right(client, org):
    module = make_module(questions=0, published=False)
    client.login(org.coordinator.email)
    response = client.post_form(
        f"/authoring/{module.id}/questions/new",
        {"kind": "true_false", "prompt_en": "Reports go to the hotline.", "answer": "true"},
    )
    assert response.status_code == 302
    question = db.session.scalar(sa.select(Question))
    assert [(c.text["sv"], c.correct) for c in question.choices] == [("Sant", True), ("Falskt", False)]
    form = client.get(f"/authoring/{module.id}/questions/0").get_data(as_text=True)
    assert re.search(r'<input checked[^>]* value="true"', form) and "choice_0_en" not in form


def test_a_true_false_question_without_its_answer_marks_the_answer_field(client, org):
    module = make_module(questions=0, published=False)
    client.login(org.coordinator.email)
    page = client.post_form(
        f"/authoring/{module.id}/questions/new",
        {"kind": "true_false", "prompt_en": "Reports go to the hotline."},
    ).get_data(as_text=True)
    assert 'id="answer-error">Choose whether the statement is true or false.' in page
    assert "Reports go to the hotline." in page  # what was typed is kept
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == 0


def test_a_swedish_learner_sees_sant_and_falskt(client, org, now):
    module = make_module(questions=0, published=False, draw=1)
    save_question(module, None, _statement(True), actor=org.coordinator, now=now)
    module.is_quiz, module.published, module.published_at = True, True, now
    org.employee.language = "sv"
    client.login(org.employee.email)
    quiz = client.get(client.post_form(f"/training/{module.id}/attempts").location).get_data(as_text=True)
    assert "Anmälningar går till hotline." in quiz
    assert quiz.index(">Sant</label>") < quiz.index(">Falskt</label>")
