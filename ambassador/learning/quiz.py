"""Quizzes: drawing a try, the daily limit, scoring it on the server, and submitting it once.

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
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from ambassador.completions.models import Completion, Method
from ambassador.completions.services import current_completion, lock_person, record_completion
from ambassador.db import db
from ambassador.errors import UserError
from ambassador.learning.congratulations import congratulate
from ambassador.learning.models import Attempt
from ambassador.training.models import Choice, Module, Question, QuestionKind
from ambassador.web import format_datetime


class QuizError(UserError):
    """A try that cannot be started or submitted; the message is shown to the person."""


class NoTryLeft(QuizError):
    """The daily limit is reached; `next_at` is when the next try is allowed."""

    def __init__(self, next_at: datetime):
        # Formatted lazily, when shown, in the reader's language and time zone.
        when = LazyString(format_datetime, next_at)
        super().__init__(_l("You have used today's tries. You can try again from %(when)s.", when=when))
        self.next_at = next_at


DAY = timedelta(days=1)


@dataclass(frozen=True)
class Allowance:
    """Tries a person may still start on a module now, under its daily limit."""

    left: int | None  # None: the module has no limit
    next_at: datetime | None  # when none is left: the moment the next try is allowed


@dataclass
class QuestionResult:
    """How one question went, with its choices in the order shown."""

    question: Question
    choices: list[Choice]
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
    """Draw `count` questions at random, preferring those the previous try did not show.

    The questions outside the previous try are drawn first; only when they are too few does the
    draw top up from the previous try's, so a next try repeats as little as the pool allows.
    """
    count = min(count, len(pool))
    unseen = [q for q in pool if q.id not in previous]
    seen = [q for q in pool if q.id in previous]
    picked = rng.sample(unseen, min(count, len(unseen)))
    picked += rng.sample(seen, count - len(picked))
    rng.shuffle(picked)
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


def tries_allowed(module: Module, person_id: int, now: datetime) -> Allowance:
    """Tries the person may still start on the module now.

    The rule: a module with `max_tries_per_day` lets a person start at most that many tries in
    any 24 hours (a rolling window, so no time zone decides where a day ends); open tries count.
    When none is left, the next is allowed 24 hours after the try that must leave the window.
    Without the setting there is no limit.
    """
    limit = module.max_tries_per_day
    if not limit:
        return Allowance(left=None, next_at=None)
    starts = db.session.scalars(
        sa.select(Attempt.started_at)
        .where(
            Attempt.person_id == person_id,
            Attempt.module_id == module.id,
            Attempt.started_at > now - DAY,
        )
        .order_by(Attempt.started_at)
    ).all()
    left = max(0, limit - len(starts))
    return Allowance(left=left, next_at=None if left else starts[len(starts) - limit] + DAY)


def open_for_tries(module: Module) -> bool:
    """Whether the module takes tries: published, with a quiz and its questions."""
    return module.published and module.is_quiz and module.current_version_id is not None


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


def previous_draw(person, module: Module) -> set[int]:
    """The question ids of the person's latest try on the module."""
    last = db.session.scalar(
        sa.select(Attempt.drawn)
        .where(Attempt.person_id == person.id, Attempt.module_id == module.id)
        .order_by(Attempt.id.desc())
        .limit(1)
    )
    return {question_id for question_id, _choices in last or []}


def start_attempt(person, module: Module, now: datetime, rng: random.Random | None = None) -> Attempt:
    """Continue the open try or draw a new one within the daily limit; the caller commits.

    Starts are serialised per person (the lock acknowledgements take), so tries started at the
    same moment see each other: the first opens a try, the others continue it.
    """
    if not open_for_tries(module):
        raise QuizError(_l("This module has no quiz to take."))
    lock_person(person)
    existing = open_attempt(person, module)
    if existing is not None:
        return existing
    allowance = tries_allowed(module, person.id, now)
    if allowance.left == 0:
        raise NoTryLeft(allowance.next_at)
    attempt = Attempt(
        person_id=person.id,
        module_id=module.id,
        version_id=module.current_version_id,
        drawn=draw_try(module, previous_draw(person, module), rng or random.SystemRandom()),
        started_at=now,
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def attempt_questions(attempt: Attempt) -> list[tuple[Question, list[Choice]]]:
    """The questions of a try with their choices in the order shown, in two statements."""
    question_ids = [question_id for question_id, _ in attempt.drawn]
    questions = {
        q.id: q
        for q in db.session.scalars(
            sa.select(Question).where(Question.id.in_(question_ids)).options(selectinload(Question.choices))
        )
    }
    shown = []
    for question_id, choice_ids in attempt.drawn:
        question = questions[question_id]
        choices = {choice.id: choice for choice in question.choices}
        shown.append((question, [choices[choice_id] for choice_id in choice_ids]))
    return shown


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
            choices,
            answers.get(question.id, set()),
            question_points(question, answers.get(question.id, set())),
        )
        for question, choices in attempt_questions(attempt)
    ]


def reveals_answers(attempt: Attempt, open_for_tries: bool) -> bool:
    """Whether a submitted try's result shows the right answers and the explanations.

    The rule: only once they can no longer help a next try: after a pass, or after a fail when
    the quiz is closed for good (the module was withdrawn). A daily limit is not enough: the next
    day's try may draw the same questions. Otherwise a fail shows only which questions were not right.
    """
    return bool(attempt.passed) or not open_for_tries


def submit(attempt: Attempt, person, answers: dict[int, set[int]], now: datetime) -> Attempt:
    """Score a try once; a second submission (double click, back button, second tab) changes nothing.

    A try on a module that has since been unpublished is refused and nothing is recorded.
    A pass records a completion and queues the "you're done" email. The caller commits.
    """
    if attempt.person_id != person.id:
        raise QuizError(_l("This try belongs to someone else."))
    if attempt.submitted_at is not None:
        return attempt
    module = db.session.get(Module, attempt.module_id)
    if not module.published:
        raise QuizError(_l("This module has been withdrawn, so this try can no longer be submitted."))
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
    attempt.passed = attempt.score >= module.pass_mark
    if attempt.passed:
        completion = record_completion(
            person, module, method=Method.QUIZ, completed_at=now, version=attempt.version, attempt=attempt
        )
        congratulate(person, module, completion, now)
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
