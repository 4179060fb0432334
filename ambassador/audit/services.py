"""Recording audit events: who changed what, when, and each changed field's old and new value.

- Every change an administrator, coordinator or ambassador makes through a page records one event
  (`tests/audit/test_every_change_is_audited.py` walks every writing route to hold this).
- `changes` is {field: [old, new]}, made by `diff` from two `snapshot`s: values are kept as JSON
  keeps them (text, numbers, true/false, null; dates as ISO text), and a text longer than
  `LONG_TEXT` characters is cut, with its length, so a module's content cannot swell the log.
- The log is append-only: the database refuses UPDATE and DELETE (`audit/guard.py`).
"""

import logging
from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum

import sqlalchemy as sa

from ambassador.audit.models import AuditEvent, AuditQuota
from ambassador.db import db, upsert
from ambassador.importing.bulk import batches

log = logging.getLogger(__name__)
SUMMARY_LENGTH = 500  # the column's size
LONG_TEXT = 1000


def _short(summary: str) -> str:
    """A summary cut to the column's size."""
    return summary if len(summary) <= SUMMARY_LENGTH else summary[: SUMMARY_LENGTH - 1] + "…"


def plain(value):
    """A value as the log keeps it: text, a number, true/false or None (lists become sorted text)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(sorted(str(plain(item)) for item in value)) or None
    return str(value) if value != "" else None


def _kept(value):
    """A plain value as stored: a text over LONG_TEXT characters is cut, saying how long it was."""
    if isinstance(value, str) and len(value) > LONG_TEXT:
        return f"{value[:LONG_TEXT]}… ({len(value):,} characters)"
    return value


def snapshot(obj, names: Iterable[str]) -> dict:
    """The named attributes of `obj`, as plain values (before or after a change)."""
    return {name: plain(getattr(obj, name)) for name in names}


def diff(before: dict, after: dict) -> dict[str, list]:
    """The fields whose plain value differs, as {field: [old, new]}; a field one side lacks is None there."""
    changed = {}
    for name in dict.fromkeys([*before, *after]) if before else after:
        old, new = plain(before.get(name)), plain(after.get(name))
        if old != new:
            changed[name] = [_kept(old), _kept(new)]
    return changed


def _subject_id(subject) -> int | None:
    """The id of the person an event is about: a Person, an id, or None."""
    return subject if subject is None or isinstance(subject, int) else subject.id


def record(
    actor, action: str, summary: str, now: datetime, *, changes: dict | None = None, subject=None
) -> AuditEvent:
    """Add an audit event for `actor` (a Person, or None for the system); the caller commits.

    `changes` comes from `diff` (or is built the same way); `subject` is the person it is about.
    """
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        summary=_short(summary),
        at=now,
        changes=changes or None,
        subject_id=_subject_id(subject),
    )
    db.session.add(event)
    return event


def record_once_an_hour(key: str, actor, action: str, summary: str, now: datetime) -> AuditEvent | None:
    """Add the event unless one of its `key` was added in this clock hour; the caller commits.

    For what anyone can cause without signing in, so the log, which keeps everything, cannot be
    flooded: each hour's first event is recorded, saying so, and every one is in the server's log.
    A row per key and hour decides, so requests at the same moment record one event. The key's
    rows of past hours are deleted as a new hour begins.
    """
    log.warning("audit %s: %r", action, summary)  # repr: a newline sent in a query string stays on one line
    hour = now.replace(minute=0, second=0, microsecond=0)
    quota = AuditQuota.__table__
    claim = upsert(quota).values(key=key, window_start=hour).on_conflict_do_nothing().returning(quota.c.key)
    if db.session.execute(claim).first() is None:  # a row only when this request inserted it
        return None
    db.session.execute(sa.delete(AuditQuota).where(AuditQuota.key == key, AuditQuota.window_start < hour))
    return record(actor, action, f"{summary} (at most one such entry is written per hour)", now)


def record_many(actor, events: Iterable[tuple], now: datetime) -> int:
    """Add many events in a few statements: each is (action, summary, changes, subject id)."""
    actor_id = actor.id if actor is not None else None
    rows = [
        {
            "at": now,
            "actor_id": actor_id,
            "action": action,
            "summary": _short(summary),
            "changes": changes or None,
            "subject_id": subject_id,
        }
        for action, summary, changes, subject_id in events
    ]
    insert = sa.insert(AuditEvent.__table__)  # Core: the ORM's bulk insert only adds time here
    for chunk in batches(rows):
        db.session.execute(insert, chunk)
    return len(rows)
