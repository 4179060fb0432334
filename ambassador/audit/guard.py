"""The audit log is append-only; a privacy erasure may scrub a person's name and email from it.

- The database refuses every UPDATE and DELETE of `audit_event` (triggers, migration 0017), so
  no page, job, command or stray SQL of the application can edit or remove an entry.
- The one exception: inside `erasing()`, this transaction may rewrite an entry's summary and
  changes and clear who made it and whom it concerns, and nothing else (not when, not what kind;
  never a DELETE). `scrub` is the one caller: it replaces texts that name an erased person.
"""

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from ambassador.audit.models import AuditEvent
from ambassador.db import db, local_setting

ERASING = "ambassador.erasing"


@contextmanager
def erasing() -> Iterator[None]:
    """Within the block, this transaction may scrub audit entries (see the module's rules)."""
    with local_setting(ERASING, "on"):
        yield


def _json_text(text: str) -> str:
    """`text` as it appears inside a JSON document (escaped as the JSON column writes it)."""
    return json.dumps(text)[1:-1]


def _postgresql() -> bool:
    """Whether the session's database is PostgreSQL."""
    return db.session.connection().dialect.name == "postgresql"


def _replaced(column, pairs: list[tuple[str, str]]):
    """`column` with each (old, new) text replaced, as one SQL expression."""
    for old, new in pairs:
        column = sa.func.replace(column, old, new)
    return column


def scrub(texts: Iterable[str], replacement: str, subject_id: int | None = None) -> int:
    """Replace every text in `texts` (a name, an email) by `replacement` in every summary and change.

    With `subject_id`, entries about that person also stop pointing at them. Returns how many
    entries changed; the caller commits (as part of the erasure's one transaction).
    """
    texts = [text for text in dict.fromkeys(texts) if text]
    changes_text = sa.cast(AuditEvent.changes, sa.Text)
    mentions = [AuditEvent.summary.contains(text, autoescape=True) for text in texts] + [
        changes_text.contains(_json_text(text), autoescape=True) for text in texts
    ]
    if subject_id is not None:
        mentions.append(AuditEvent.subject_id == subject_id)
    if not mentions:
        return 0
    changes = _replaced(changes_text, [(_json_text(text), _json_text(replacement)) for text in texts])
    values = {
        "summary": _replaced(AuditEvent.summary, [(text, replacement) for text in texts]),
        # PostgreSQL needs the text cast back to JSON; SQLite keeps JSON as text (a CAST would spoil it).
        "changes": sa.cast(changes, sa.JSON) if _postgresql() else sa.type_coerce(changes, sa.JSON),
    }
    if subject_id is not None:
        values["subject_id"] = sa.case(
            (AuditEvent.subject_id == subject_id, sa.null()), else_=AuditEvent.subject_id
        )
    with erasing():
        result = db.session.execute(
            sa.update(AuditEvent).where(sa.or_(*mentions)).values(**values),
            execution_options={"synchronize_session": False},
        )
    return result.rowcount or 0
