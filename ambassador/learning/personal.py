"""What the learner's flow keeps about a person: their quiz tries (kept, without names, on erasure)."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.db import db
from ambassador.learning.models import Attempt
from ambassador.personal import Column, Section
from ambassador.training.queries import module_titles

COLUMNS = (
    Column("module", _l("Module")),
    Column("started_at", _l("Started")),
    Column("submitted_at", _l("Submitted")),
    Column("score", _l("Score (%)")),
    Column("passed", _l("Passed")),
)


def export(person) -> list[Section]:
    """Every try at a quiz: when, the score, and the questions drawn and answers given (by their ids)."""
    titles = module_titles(person.locale)
    query = sa.select(Attempt).where(Attempt.person_id == person.id).order_by(Attempt.started_at, Attempt.id)
    rows = [
        {
            "module": titles.get(attempt.module_id, ""),
            "module_id": attempt.module_id,
            "started_at": attempt.started_at,
            "submitted_at": attempt.submitted_at,
            "score": attempt.score,
            "passed": attempt.passed,
            "questions_drawn": attempt.drawn,
            "answers": attempt.answers,
        }
        for attempt in db.session.scalars(query)
    ]
    return [Section("quiz_tries", _l("Quiz tries"), COLUMNS, rows)]
