"""Turning planned reminders into outbox messages, and dropping those no longer wanted.

Planning may run any number of times (the hourly job, the command line, two schedulers started by
mistake): each reminder's key makes the outbox keep it once. Just before a reminder is sent, the
outbox asks `still_wanted`: a person who has meanwhile completed the module (their due date moved),
left, or stopped being required is not sent the reminder.
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache

import sqlalchemy as sa
from flask_babel import force_locale, format_date
from sqlalchemy.orm import selectinload

from ambassador.db import db
from ambassador.mail.bulk import Bulk, queue_rows
from ambassador.mail.services import Addressee, taken_keys
from ambassador.org.models import Office, Person
from ambassador.reminders import planning
from ambassador.reminders.models import ReminderPlan
from ambassador.training.models import Module
from ambassador.web import external_url

KIND = "reminder"
BATCH = 1000


def _addressees(todo: list[tuple[str, planning.Planned]]) -> Iterator[tuple[Addressee, planning.Planned]]:
    """Each reminder's recipient (their language, else their office's), read in batches, not loaded."""
    locale = sa.func.coalesce(Person.language, Office.language)
    query = sa.select(Person.id, Person.email, Person.name, locale).join(
        Office, Office.id == Person.office_id
    )
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        ids = {reminder.person_id for _key, reminder in batch}
        people = {row[0]: row for row in db.session.execute(query.where(Person.id.in_(ids)))}
        for key, reminder in batch:
            if reminder.person_id not in people:
                continue  # removed since planning read them
            person_id, email, name, language = people[reminder.person_id]
            due = _date_text(language, reminder.due)
            yield Addressee(person_id, email, name, language, key, {"due": due}), reminder


@lru_cache(maxsize=4096)
def _date_text(locale: str, day: date) -> str:
    """A due date as the email writes it in `locale` (a morning's reminders share a few hundred dates)."""
    with force_locale(locale):
        return format_date(day)


def _context(reminder: planning.Planned, module: Module, locale: str, link: str) -> dict:
    """What the reminder email says besides the name and due date: the module in the language, the link."""
    return {
        "title": module.text(locale).title,
        "step": reminder.step.split("-")[0],
        "days": (reminder.due - reminder.day).days,
        "minutes": module.estimated_minutes,
        "link": link,
    }


def queue_due(now: datetime) -> int:
    """Queue every reminder whose morning has come; return how many were new.

    Reminders already in the outbox (queued by an earlier run) are left out before anything is
    rendered; the insert still skips a key another planner queued meanwhile. The email is rendered
    once per language, module, step and days left, each person's name and due date written in after.
    """
    planned = planning.due_now(now)
    keys = [reminder.key for reminder in planned]
    known = taken_keys(keys)
    todo = [(key, reminder) for key, reminder in zip(keys, planned, strict=True) if key not in known]
    todo.sort(key=lambda pair: pair[1].person_id)  # each batch of people read once
    published = sa.select(Module).where(Module.published.is_(True)).options(selectinload(Module.texts))
    modules = {m.id: m for m in db.session.scalars(published)}
    links = {module_id: external_url("learning.module", module_id=module_id) for module_id in modules}
    bulk = Bulk(KIND, "reminder", now)
    rows = (
        bulk.row(
            to,
            _context(reminder, modules[reminder.module_id], to.locale, links[reminder.module_id]),
            send_after=reminder.send_at,
        )
        for to, reminder in _addressees(todo)
    )
    new = queue_rows(rows)
    planning.remember(planned)
    return new


def _parse(key: str) -> tuple[int, int, date]:
    """(person, module, due date) of a reminder's key."""
    _kind, person_id, module_id, due, _step = key.split(":")
    return int(person_id), int(module_id), date.fromisoformat(due)


def still_wanted(messages, now: datetime) -> dict[int, str]:
    """Which reminders to drop: the person completed, left or is no longer required. One query per module."""
    by_module: dict[int, list] = defaultdict(list)
    for message in messages:
        by_module[_parse(message.key)[1]].append(message)
    modules = db.session.scalars(sa.select(Module).where(Module.id.in_(by_module)))
    modules = {module.id: module for module in modules}
    plans = db.session.scalars(sa.select(ReminderPlan).where(ReminderPlan.module_id.in_(by_module)))
    plans = {plan.module_id: plan for plan in plans}
    drop = {}
    for module_id, batch in by_module.items():
        module = modules.get(module_id)
        waiting = {}
        if module is not None and module.published:
            waiting = planning.due_dates(module, plans.get(module_id), now, [_parse(m.key)[0] for m in batch])
        for message in batch:
            person_id, _module, due = _parse(message.key)
            if waiting.get(person_id) != due:
                drop[message.id] = "completed, left or no longer required before the reminder went out"
    return drop
