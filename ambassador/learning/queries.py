"""Reads for the learner's pages."""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from ambassador.clock import local_day
from ambassador.completions import coverage
from ambassador.completions.coverage import Figures
from ambassador.completions.models import Completion, Standing
from ambassador.completions.status import Status, due_date, refresher_opens, status
from ambassador.db import db
from ambassador.learning import quiz
from ambassador.learning.models import Attempt
from ambassador.training import catalogue
from ambassador.training.models import Module, ModuleText

OFFICE_FIGURES = "ambassador.office_figures"  # a feature's kept figures of an office (see office_figures)


@dataclass
class ModuleRow:
    """One line of "My training"."""

    module: Module
    title: str
    summary: str
    status: Status
    due: date | None
    expires_at: datetime | None
    refresher_opens: datetime | None
    completion_code: str | None

    @property
    def required(self) -> bool:
        """False for optional modules."""
        return self.status != Status.NOT_REQUIRED


def my_training(person, now: datetime) -> list[ModuleRow]:
    """Every published module with the person's status, required first by urgency."""
    standings = {
        row.module_id: row
        for row in db.session.execute(
            sa.select(Standing.module_id, Standing.expires_at, Completion.code)
            .join(Completion, Completion.id == Standing.completion_id)
            .where(Standing.person_id == person.id)
        )
    }
    rows = []
    for module in catalogue.published_modules():
        standing = standings.get(module.id)
        expires = standing.expires_at if standing else None
        text = module.text(person.locale)
        rows.append(
            ModuleRow(
                module=module,
                title=text.title,
                summary=text.summary,
                status=status(module, person, expires, now),
                due=None if standing else due_date(module, person.start_date, person.office.timezone),
                expires_at=expires,
                refresher_opens=refresher_opens(module, expires) if expires else None,
                completion_code=standing.code if standing else None,
            )
        )
    urgency = [Status.OVERDUE, Status.TO_DO, Status.REFRESHER_OPEN, Status.CURRENT, Status.NOT_REQUIRED]
    return sorted(rows, key=lambda row: (urgency.index(row.status), row.due or date.max, row.title))


NOTICE_DAYS = 7  # the default plan's first reminder before a due date


@dataclass
class Notice:
    """A reminder shown in the app: a module overdue, due within a week, or open for renewal."""

    row: ModuleRow
    kind: str  # "overdue", "due_soon" or "renew"
    on: date
    days: int = 0


def notices(rows: list[ModuleRow], person, now: datetime) -> list[Notice]:
    """The person's pending reminders, most urgent first, by their office's local day."""
    today = local_day(now, person.office.timezone)
    found = []
    for row in rows:
        if row.status == Status.OVERDUE:
            found.append(Notice(row, "overdue", row.due or local_day(row.expires_at, person.office.timezone)))
        elif row.status == Status.TO_DO and row.due and (row.due - today).days <= NOTICE_DAYS:
            found.append(Notice(row, "due_soon", row.due, (row.due - today).days))
        elif row.status == Status.REFRESHER_OPEN:
            found.append(Notice(row, "renew", local_day(row.expires_at, person.office.timezone)))
    return found


def office_figures(person, now: datetime) -> tuple[Figures, datetime]:
    """How the person's office stands over every published module (no names), and as of when.

    A feature above that keeps the figures (reports: the hourly snapshot) answers through
    `app.extensions[OFFICE_FIGURES]`, one row read; without one, or before its first snapshot,
    they are counted now (one statement, but 1.3 s for an office of 11,000 people).
    """
    kept = current_app.extensions.get(OFFICE_FIGURES)
    found = kept(person.office_id) if kept else None
    if found is not None:
        return found
    return coverage.office_figures(person.office_id, catalogue.published_modules(), now), now


def progress(rows: list[ModuleRow]) -> tuple[int, int]:
    """(up to date, required): a pass in its refresher window still counts as up to date."""
    required = [row for row in rows if row.required]
    done = [row for row in required if row.status in (Status.CURRENT, Status.REFRESHER_OPEN)]
    return len(done), len(required)


def history(person) -> tuple[list, list, dict[int, str]]:
    """Every completion and every submitted try of a person, newest first, with module titles."""
    completions = (
        db.session.execute(
            sa.select(Completion)
            .where(Completion.person_id == person.id)
            .order_by(Completion.completed_at.desc())
            .options(
                selectinload(Completion.module).selectinload(Module.texts), selectinload(Completion.version)
            )
        )
        .scalars()
        .all()
    )
    attempts = (
        db.session.execute(
            sa.select(Attempt)
            .where(Attempt.person_id == person.id, Attempt.submitted_at.is_not(None))
            .order_by(Attempt.submitted_at.desc())
        )
        .scalars()
        .all()
    )
    modules = db.session.scalars(sa.select(Module).options(selectinload(Module.texts))).all()
    titles = {module.id: module.text(person.locale).title for module in modules if module.texts}
    return list(completions), list(attempts), titles


@dataclass
class TryResult:
    """What a submitted try's result page shows."""

    attempt: Attempt
    module: Module
    text: ModuleText
    results: list[quiz.QuestionResult]
    completion_code: str | None
    allowance: quiz.Allowance
    open_for_tries: bool
    can_retry: bool  # "Try again" starts a new try or continues the open one
    reveal: bool  # right answers and explanations are shown

    @property
    def not_right(self) -> list[tuple[int, quiz.QuestionResult]]:
        """The questions not fully right, with their number in the try."""
        return [(n, r) for n, r in enumerate(self.results, start=1) if r.points < 1]


def try_result(attempt: Attempt, person, now: datetime) -> TryResult:
    """A submitted try's result, in the same number of statements however many questions it has."""
    module = db.session.scalar(
        sa.select(Module).where(Module.id == attempt.module_id).options(selectinload(Module.texts))
    )
    is_open = quiz.open_for_tries(module)
    allowance = quiz.tries_allowed(module, person.id, now)
    open_try = quiz.open_attempt(person, module) if is_open and not attempt.passed else None
    can_start = is_open and allowance.left != 0
    return TryResult(
        attempt=attempt,
        module=module,
        text=module.text(person.locale),
        results=quiz.results(attempt),
        completion_code=quiz.completion_code(attempt),
        allowance=allowance,
        open_for_tries=is_open,
        can_retry=can_start or open_try is not None,
        reveal=quiz.reveals_answers(attempt, is_open),
    )
