"""Scoring, draws, tries and submitting once."""

import random
from datetime import timedelta
from fractions import Fraction

import pytest
import sqlalchemy as sa

from ambassador.completions.models import Completion
from ambassador.db import db
from ambassador.learning import quiz
from ambassador.training.models import Choice, Question, QuestionKind
from tests.factories import make_module


def _right_answers(attempt) -> dict[int, set[int]]:
    return {q.id: {c.id for c in choices if c.correct} for q, choices in quiz.attempt_questions(attempt)}


def _wrong_answers(attempt) -> dict[int, set[int]]:
    return {
        q.id: {next(c.id for c in choices if not c.correct)} for q, choices in quiz.attempt_questions(attempt)
    }


def _multiple(right: int, wrong: int) -> Question:
    question = Question(kind=QuestionKind.MULTIPLE, prompt={"en": "?"}, explanation={})
    question.choices = [Choice(id=i, correct=True, text={}) for i in range(right)] + [
        Choice(id=100 + i, correct=False, text={}) for i in range(wrong)
    ]
    return question


def test_multiple_choice_partial_credit():
    question = _multiple(right=3, wrong=2)
    assert quiz.question_points(question, {0, 1, 2}) == 1
    assert quiz.question_points(question, {0, 1}) == pytest.approx(2 / 3)
    assert quiz.question_points(question, {0, 1, 100}) == pytest.approx(1 / 3)
    assert quiz.question_points(question, {0, 100, 101}) == 0  # never below zero
    assert quiz.question_points(question, {0, 1, 2, 100, 101}) == pytest.approx(
        1 / 3
    )  # ticking all is no trick


def test_score_is_a_rounded_down_percentage():
    assert quiz.score([Fraction(1), Fraction(1), Fraction(0)]) == 66
    assert quiz.score([Fraction(1), Fraction(1, 2)]) == 75
    assert quiz.score([]) == 0


def test_score_is_exact_where_floating_point_would_round_a_pass_away():
    # 1 + 1/3 + 1 + 2/3 = 3 of 4 questions: exactly 75 %, which passes a pass mark of 75.
    assert quiz.score([Fraction(1), Fraction(1, 3), Fraction(1), Fraction(2, 3)]) == 75


def test_draws_differ_from_the_previous_try(org):
    module = make_module(questions=5, draw=4)
    pool = module.current_version.questions
    rng = random.Random(1)
    previous = {q.id for q in pool[:4]}
    for _ in range(50):
        drawn = quiz.draw(pool, 4, previous, rng)
        assert len(drawn) == 4 and len(set(drawn)) == 4
        assert {q.id for q in drawn} != previous
        previous = {q.id for q in drawn}


def test_a_try_draws_from_the_pool_and_shuffles_choices(org, now):
    module = make_module(questions=8, draw=5)
    orders = set()
    for n in range(6):
        attempt = quiz.start_attempt(org.employee, module, now, random.Random(n))
        assert len(attempt.drawn) == 5
        orders.add(tuple(tuple(choices) for _q, choices in attempt.drawn))
        quiz.submit(attempt, org.employee, _wrong_answers(attempt), now)
    assert len(orders) > 1


def test_a_pass_records_a_completion_with_its_expiry(org, now):
    module = make_module(pass_mark=75, validity_months=12)
    attempt = quiz.start_attempt(org.employee, module, now)
    quiz.submit(attempt, org.employee, _right_answers(attempt), now)
    assert (attempt.score, attempt.passed) == (100, True)
    completion = db.session.scalar(sa.select(Completion))
    assert completion.version_id == module.current_version_id and completion.attempt_id == attempt.id
    assert completion.expires_at.year == now.year + 1


def test_a_fail_records_no_completion(org, now):
    module = make_module()
    attempt = quiz.start_attempt(org.employee, module, now)
    quiz.submit(attempt, org.employee, _wrong_answers(attempt), now)
    assert attempt.passed is False and attempt.score == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Completion)) == 0


def test_submitting_twice_counts_once(org, now):
    module = make_module()
    attempt = quiz.start_attempt(org.employee, module, now)
    answers = _right_answers(attempt)
    quiz.submit(attempt, org.employee, answers, now)
    quiz.submit(attempt, org.employee, _wrong_answers(attempt), now + timedelta(seconds=1))
    assert attempt.passed is True
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Completion)) == 1


def test_someone_elses_try_is_refused(org, now):
    module = make_module()
    attempt = quiz.start_attempt(org.employee, module, now)
    with pytest.raises(quiz.QuizError):
        quiz.submit(attempt, org.ambassador, _right_answers(attempt), now)
    assert attempt.submitted_at is None


def test_answers_outside_the_try_are_refused(org, now):
    module = make_module(questions=6, draw=3)
    attempt = quiz.start_attempt(org.employee, module, now)
    drawn = {qid for qid, _ in attempt.drawn}
    other = next(q for q in module.current_version.questions if q.id not in drawn)
    answers = _right_answers(attempt)
    with pytest.raises(quiz.QuizError):
        quiz.submit(attempt, org.employee, {**answers, other.id: {other.choices[0].id}}, now)
    foreign_choice = other.choices[0].id
    first = next(iter(answers))
    with pytest.raises(quiz.QuizError):
        quiz.submit(attempt, org.employee, {**answers, first: {foreign_choice}}, now)
    with pytest.raises(quiz.QuizError):
        quiz.submit(attempt, org.employee, dict(list(answers.items())[:-1]), now)  # one missing
    assert attempt.submitted_at is None


def test_the_open_try_is_continued_not_redrawn(org, now):
    module = make_module()
    first = quiz.start_attempt(org.employee, module, now)
    assert quiz.start_attempt(org.employee, module, now) is first


def test_tries_per_day_are_limited(org, now):
    module = make_module(max_tries_per_day=2)
    for n in range(2):
        attempt = quiz.start_attempt(org.employee, module, now + timedelta(hours=n))
        quiz.submit(attempt, org.employee, _wrong_answers(attempt), now)
    assert quiz.tries_allowed(module, org.employee.id, now + timedelta(hours=3)) == quiz.Allowance(
        left=0, next_at=now + timedelta(days=1)
    )
    with pytest.raises(quiz.NoTryLeft) as refused:
        quiz.start_attempt(org.employee, module, now + timedelta(hours=3))
    assert refused.value.next_at == now + timedelta(days=1)
    assert "You have used today's tries. You can try again from Mar 3, 2026" in str(refused.value.message)
    assert quiz.tries_allowed(module, org.employee.id, now + timedelta(days=1)).left == 1
    assert quiz.start_attempt(org.employee, module, now + timedelta(days=1))


def test_without_a_limit_tries_are_unlimited(org, now):
    module = make_module()
    assert quiz.tries_allowed(module, org.employee.id, now) == quiz.Allowance(left=None, next_at=None)


@pytest.mark.parametrize(("pool", "unseen_in_next"), [(8, 4), (6, 2), (4, 0)])
def test_a_next_try_prefers_questions_not_just_seen(org, now, pool, unseen_in_next):
    module = make_module(questions=pool, draw=4)
    for seed in range(5):
        first = quiz.start_attempt(org.employee, module, now, random.Random(seed))
        quiz.submit(first, org.employee, _wrong_answers(first), now)
        second = quiz.start_attempt(org.employee, module, now, random.Random(seed))
        quiz.submit(second, org.employee, _wrong_answers(second), now)
        shown_before = {qid for qid, _ in first.drawn}
        shown_now = {qid for qid, _ in second.drawn}
        assert len(shown_now) == 4 and len(shown_now - shown_before) == unseen_in_next


def test_a_try_on_a_withdrawn_module_is_refused(org, now):
    module = make_module()
    attempt = quiz.start_attempt(org.employee, module, now)
    module.published = False
    with pytest.raises(quiz.QuizError, match="withdrawn"):
        quiz.submit(attempt, org.employee, _right_answers(attempt), now)
    assert attempt.submitted_at is None and attempt.passed is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Completion)) == 0


def test_acknowledgement(org, now):
    module = make_module(questions=0)
    completion = quiz.acknowledge(org.employee, module, now)
    assert completion.method == "acknowledgement"
    with pytest.raises(quiz.QuizError):
        quiz.start_attempt(org.employee, module, now)
