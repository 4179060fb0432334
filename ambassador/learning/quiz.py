"""Quizzes: drawing a try, scoring it on the server, and submitting it once.

Scoring rule: each question is worth one point.
- Single choice and true/false: the point when the one chosen answer is the correct one.
- Multiple choice: (right answers chosen - wrong answers chosen) / number of right answers,
  never below 0. Choosing every answer therefore earns nothing unless all are right.
The score is the points as a percentage of the questions drawn, rounded down; a try passes
when the score reaches the module's pass mark.
"""

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.completions.models import Completion, Method
from ambassador.completions.services import current_completion, lock_person, record_completion
from ambassador.db import db
from ambassador.errors import UserError
from ambassador.learning.models import Attempt
from ambassador.training.models import Choice, Module, Question, QuestionKind


class QuizError(UserError):
    """A try that cannot be started or submitted; the message is shown to the person."""


@dataclass
class QuestionResult:
    """How one question went."""

    question: Question
    choice_ids: list[int]
    chosen: set[int]
    points: Fraction


def question_points(question: Question, chosen: set[int]) -> Fraction:
    """Points for one question under the scoring rule (0 to 1), as an exact fraction."""
    right = {choice.id for choice in question.choices if choice.correct}
    if question.kind == QuestionKind.MULTIPLE:
        return max(Fraction(0), Fraction(len(chosen & right) - len(chosen - right), len(right)))
    return Fraction(1) if chosen == right else Fraction(0)


def score(points: list[Fraction]) -> int:
    """Percentage of points over questions, rounded down once, at the end (exact arithmetic)."""
    return math.floor(100 * sum(points, Fraction(0)) / len(points)) if points else 0


def draw(pool: list[Question], count: int, previous: set[int], rng: random.Random) -> list[Question]:
    """Draw `count` questions, never the very same set as the previous try when the pool allows."""
    picked = rng.sample(pool, min(count, len(pool)))
    unused = [q for q in pool if q.id not in previous and q not in picked]
    if previous and {q.id for q in picked} == previous and unused:
        picked[rng.randrange(len(picked))] = rng.choice(unused)
    return picked


def draw_try(module: Module, previous: set[int], rng: random.Random) -> list[list]:
    """The questions of a new try with their choices in shown order: [[question id, [choice ids]]].

    Choices are shuffled, except true/false, which keeps True first.
    """
    drawn = []
    for question in draw(module.current_version.questions, module.draw_count, previous, rng):
        choice_ids = [choice.id for choice in question.choices]
        if question.kind != QuestionKind.TRUE_FALSE:
            rng.shuffle(choice_ids)
        drawn.append([question.id, choice_ids])
    return drawn


def preview_questions(
    module: Module, rng: random.Random | None = None
) -> list[tuple[Question, list[Choice]]]:
    """A try drawn exactly as for a learner, not saved (for the coordinator's preview)."""
    questions = {q.id: q for q in module.current_version.questions}
    drawn = draw_try(module, set(), rng or random.SystemRandom())
    return [
        (questions[qid], [next(c for c in questions[qid].choices if c.id == cid) for cid in choice_ids])
        for qid, choice_ids in drawn
    ]


def tries_today(person_id: int, module_id: int, now: datetime) -> int:
    """Tries started in the last 24 hours."""
    return db.session.scalar(
        sa.select(sa.func.count()).where(
            Attempt.person_id == person_id,
            Attempt.module_id == module_id,
            Attempt.started_at > now - timedelta(days=1),
        )
    )


def tries_left(module: Module, person_id: int, now: datetime) -> int | None:
    """Tries left in the next 24 hours under the module's limit, or None without a limit."""
    if not module.max_tries_per_day:
        return None
    return max(0, module.max_tries_per_day - tries_today(person_id, module.id, now))


def completion_code(attempt: Attempt) -> str | None:
    """The certificate identifier a passed try earned, if any."""
    if not attempt.passed:
        return None
    return db.session.scalar(sa.select(Completion.code).where(Completion.attempt_id == attempt.id))


def open_attempt(person, module: Module) -> Attempt | None:
    """The person's unsubmitted try on the module's current version, if any."""
    return db.session.scalar(
        sa.select(Attempt)
        .where(
            Attempt.person_id == person.id,
            Attempt.module_id == module.id,
            Attempt.version_id == module.current_version_id,
            Attempt.submitted_at.is_(None),
        )
        .order_by(Attempt.id.desc())
        .limit(1)
    )


def start_attempt(person, module: Module, now: datetime, rng: random.Random | None = None) -> Attempt:
    """Continue the open try or draw a new one; the caller commits."""
    if not module.published or not module.is_quiz or module.current_version is None:
        raise QuizError(_l("This module has no quiz to take."))
    existing = open_attempt(person, module)
    if existing is not None:
        return existing
    if module.max_tries_per_day and tries_today(person.id, module.id, now) >= module.max_tries_per_day:
        raise QuizError(
            _l("You have used today's %(n)s tries. You can try again tomorrow.", n=module.max_tries_per_day)
        )
    rng = rng or random.SystemRandom()
    last = db.session.scalar(
        sa.select(Attempt.drawn)
        .where(Attempt.person_id == person.id, Attempt.module_id == module.id)
        .order_by(Attempt.id.desc())
        .limit(1)
    )
    previous = {question_id for question_id, _choices in last or []}
    attempt = Attempt(
        person_id=person.id,
        module_id=module.id,
        version_id=module.current_version_id,
        drawn=draw_try(module, previous, rng),
        started_at=now,
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def attempt_questions(attempt: Attempt) -> list[tuple[Question, list[Choice]]]:
    """The questions of a try with their choices in the order shown, in two statements."""
    question_ids = [question_id for question_id, _ in attempt.drawn]
    questions = {
        q.id: q for q in db.session.scalars(sa.select(Question).where(Question.id.in_(question_ids)))
    }
    choices = {
        c.id: c for c in db.session.scalars(sa.select(Choice).where(Choice.question_id.in_(question_ids)))
    }
    return [(questions[qid], [choices[cid] for cid in choice_ids]) for qid, choice_ids in attempt.drawn]


def choices_from_positions(attempt: Attempt, posted: dict[int, set[int]]) -> dict[int, set[int]]:
    """Turn answers posted as positions in the shown order into choice ids.

    The form never carries choice ids: they follow the order the author typed the answers in,
    so they would tell which answer is right.
    """
    shown = dict(attempt.drawn)
    answers = {}
    for question_id, positions in posted.items():
        if question_id not in shown or any(p >= len(shown[question_id]) for p in positions):
            raise QuizError(_l("The answers do not belong to this try."))
        answers[question_id] = {shown[question_id][p] for p in positions}
    return answers


def check_answers(attempt: Attempt, answers: dict[int, set[int]]) -> dict[int, set[int]]:
    """Refuse answers to questions not in the try, unknown choices, and missing answers."""
    allowed = {question_id: set(choice_ids) for question_id, choice_ids in attempt.drawn}
    if set(answers) - set(allowed):
        raise QuizError(_l("The answers do not belong to this try."))
    for question_id, chosen in answers.items():
        if not chosen <= allowed[question_id]:
            raise QuizError(_l("The answers do not belong to this try."))
    if set(allowed) - {qid for qid, chosen in answers.items() if chosen}:
        raise QuizError(_l("Please answer every question."))
    return answers


def results(attempt: Attempt) -> list[QuestionResult]:
    """Each question of a submitted try with its points."""
    answers = {int(k): set(v) for k, v in (attempt.answers or {}).items()}
    return [
        QuestionResult(
            question,
            [c.id for c in choices],
            answers.get(question.id, set()),
            question_points(question, answers.get(question.id, set())),
        )
        for question, choices in attempt_questions(attempt)
    ]


def submit(attempt: Attempt, person, answers: dict[int, set[int]], now: datetime) -> Attempt:
    """Score a try once; a second submission (double click, back button, second tab) changes nothing.

    A pass records a completion. The caller commits.
    """
    if attempt.person_id != person.id:
        raise QuizError(_l("This try belongs to someone else."))
    if attempt.submitted_at is not None:
        return attempt
    check_answers(attempt, answers)
    # Claim the try atomically, so two simultaneous submissions cannot both count.
    claimed = db.session.execute(
        sa.update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.submitted_at.is_(None))
        .values(submitted_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(attempt)
    if claimed != 1:
        return attempt
    attempt.answers = {str(qid): sorted(chosen) for qid, chosen in answers.items()}
    attempt.score = score([r.points for r in results(attempt)])
    module = db.session.get(Module, attempt.module_id)
    attempt.passed = attempt.score >= module.pass_mark
    if attempt.passed:
        record_completion(
            person, module, method=Method.QUIZ, completed_at=now, version=attempt.version, attempt=attempt
        )
    return attempt


def acknowledge(person, module: Module, now: datetime):
    """Confirm having read an acknowledgement module; the caller commits.

    While an acknowledgement is current, confirming again changes nothing (a double click, a
    second tab); inside the refresher window it renews.
    """
    if not module.published or module.is_quiz:
        raise QuizError(_l("This module is not an acknowledgement."))
    lock_person(person)
    existing = current_completion(person, module, now)
    if existing is not None:
        return existing
    return record_completion(
        person, module, method=Method.ACKNOWLEDGEMENT, completed_at=now, version=module.current_version
    )
