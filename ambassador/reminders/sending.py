"""Turning planned reminders into outbox messages, and dropping those no longer wanted.

Planning may run any number of times (the hourly job, the command line, two schedulers started by
mistake): each reminder's key makes the outbox keep it once. Just before a reminder is sent, the
outbox asks `still_wanted`: a person who has meanwhile completed the module (their due date moved),
left, or stopped being required is not sent the reminder.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ambassador.db import db
from ambassador.mail import bulk
from ambassador.mail.services import message_row, taken_keys
from ambassador.org.models import Office, Person
from ambassador.reminders import planning
from ambassador.training.models import Module
from ambassador.web import external_url

KIND = "reminder"
BATCH = 1000


@dataclass(frozen=True)
class _Recipient:
    """What a reminder needs of its person: plain values, not a loaded Person (a morning has thousands)."""

    id: int
    email: str
    name: str
    locale: str  # their language, else their office's


def _people(ids: list[int]) -> dict[int, _Recipient]:
    """The recipients by id, read in batches."""
    locale = sa.func.coalesce(Person.language, Office.language)
    query = sa.select(Person.id, Person.email, Person.name, locale).join(
        Office, Office.id == Person.office_id
    )
    found = {}
    for start in range(0, len(ids), BATCH):
        rows = db.session.execute(query.where(Person.id.in_(ids[start : start + BATCH])))
        found.update((row[0], _Recipient(*row)) for row in rows)
    return found


def _context(reminder: planning.Planned, module: Module, person: _Recipient, link: str) -> dict:
    """What the reminder email says: the module in the person's language, the due date, the link."""
    return {
        "title": module.text(person.locale).title,
        "step": reminder.step.split("-")[0],
        "due": reminder.due,
        "days": (reminder.due - reminder.day).days,
        "minutes": module.estimated_minutes,
        "link": link,
    }


def queue_due(now: datetime) -> int:
    """Queue every reminder whose morning has come; return how many were new.

    Reminders already in the outbox (queued by an earlier run) are left out before anything is
    rendered; the insert still skips a key another planner queued meanwhile.
    """
    planned = planning.due_now(now)
    keys = [reminder.key for reminder in planned]
    known = taken_keys(keys)
    todo = [(key, reminder) for key, reminder in zip(keys, planned, strict=True) if key not in known]
    people = _people(sorted({reminder.person_id for _key, reminder in todo}))
    published = sa.select(Module).where(Module.published.is_(True)).options(selectinload(Module.texts))
    modules = {m.id: m for m in db.session.scalars(published)}
    links = {module_id: external_url("learning.module", module_id=module_id) for module_id in modules}
    renderer = bulk.Renderer("reminder")

    def rows():
        for key, reminder in todo:
            person, module = people[reminder.person_id], modules[reminder.module_id]
            context = _context(reminder, module, person, links[module.id])
            parts = renderer.render(person, context)
            yield message_row(person, KIND, key, parts, now=now, send_after=reminder.send_at)

    return bulk.queue_rows(rows())


def _parse(key: str) -> tuple[int, int, date]:
    """(person, module, due date) of a reminder's key."""
    _kind, person_id, module_id, due, _step = key.split(":")
    return int(person_id), int(module_id), date.fromisoformat(due)


def still_wanted(messages, now: datetime) -> dict[int, str]:
    """Which reminders to drop: the person completed, left or is no longer required. One query per module."""
    by_module: dict[int, list] = defaultdict(list)
    for message in messages:
        by_module[_parse(message.key)[1]].append(message)
    drop = {}
    for module_id, batch in by_module.items():
        module = db.session.get(Module, module_id)
        waiting = {}
        if module is not None and module.published:
            waiting = planning.due_dates(module, now, [_parse(m.key)[0] for m in batch])
        for message in batch:
            person_id, _module, due = _parse(message.key)
            if waiting.get(person_id) != due:
                drop[message.id] = "completed, left or no longer required before the reminder went out"
    return drop
