"""Nudges: an ambassador's friendly reminder to one colleague about one module, through the outbox.

- Sent by an ambassador of the person's office (a coordinator who serves an office may nudge
  there), only to someone the module is required of and who is not up to date (overdue, to do,
  or open for renewal).
- At most one per person and module in any 7 days, whoever sends it: the person's row is locked
  while the last nudge is read and the new one written, so two ambassadors clicking at once send
  one (tested with threads against PostgreSQL).
- Checked again when it is delivered: a person who has meanwhile completed the module, or left,
  is not sent it.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.audit.services import record
from ambassador.completions.models import Standing
from ambassador.completions.services import lock_person
from ambassador.completions.status import Status, status
from ambassador.db import db
from ambassador.errors import UserError
from ambassador.mail.services import queue
from ambassador.org.access import served_office_ids
from ambassador.org.models import Person
from ambassador.reminders.models import Nudge
from ambassador.training import catalogue
from ambassador.web import external_url

KIND = "nudge"
EVERY = timedelta(days=7)
NUDGEABLE = (Status.OVERDUE, Status.TO_DO, Status.REFRESHER_OPEN)


class NudgeError(UserError):
    """A nudge the rules refuse (the person is up to date, or was nudged this week)."""


class NotAllowed(NudgeError):
    """The sender may not nudge people of this office."""


def _status(module, person: Person, now: datetime) -> Status:
    """The person's status for the module now."""
    standing = db.session.get(Standing, (person.id, module.id))
    return status(module, person, standing.expires_at if standing else None, now)


def last_nudged(person_id: int, module_id: int) -> datetime | None:
    """When the person was last nudged about the module, or None."""
    query = sa.select(sa.func.max(Nudge.at)).where(Nudge.person_id == person_id, Nudge.module_id == module_id)
    return db.session.scalar(query)


def last_nudges(person_ids: list[int]) -> dict[tuple[int, int], datetime]:
    """When each of these people was last nudged about each module, in one statement."""
    query = (
        sa.select(Nudge.person_id, Nudge.module_id, sa.func.max(Nudge.at))
        .where(Nudge.person_id.in_(person_ids))
        .group_by(Nudge.person_id, Nudge.module_id)
    )
    return {(person_id, module_id): at for person_id, module_id, at in db.session.execute(query)}


def can_nudge_again(last: datetime | None, now: datetime) -> bool:
    """Whether a week has passed since the last nudge (or there was none)."""
    return last is None or last <= now - EVERY


def may_nudge(actor_id: int, person_id: int, status: str, last: datetime | None, *, now: datetime) -> bool:
    """Whether a nudge is offered: to someone else, not up to date, and not nudged in the last week."""
    return person_id != actor_id and status in NUDGEABLE and can_nudge_again(last, now)


def nudge(person: Person, module, *, actor: Person, now: datetime) -> Nudge:
    """Queue a nudge from `actor` to `person` about `module`; the caller commits."""
    if person.office_id not in served_office_ids(actor):
        raise NotAllowed(_l("You can nudge only the people of the offices you serve."))
    if person.id == actor.id:
        raise NudgeError(_l("Your own training is on My training: no nudge needed."))
    lock_person(person)  # one nudge decision per person at a time, across workers
    current = _status(module, person, now)
    if current not in NUDGEABLE:
        raise NudgeError(_l("%(name)s is up to date with this module: no nudge needed.", name=person.name))
    if not can_nudge_again(last_nudged(person.id, module.id), now):
        raise NudgeError(_l("%(name)s was nudged about this module less than 7 days ago.", name=person.name))
    sent = Nudge(person_id=person.id, module_id=module.id, sent_by_id=actor.id, at=now)
    db.session.add(sent)
    db.session.flush()
    context = {
        "title": module.text(person.locale).title,
        "sender": actor.name,
        "status": current.value,
        "minutes": module.estimated_minutes,
        "link": external_url("learning.module", module_id=module.id),
    }
    queue(person, KIND, "nudge", key=f"{KIND}:{sent.id}", now=now, context=context)
    record(actor, "nudge.sent", f"{person.email}: {module.reference}", now, subject=person)
    return sent


def still_wanted(messages, now: datetime) -> dict[int, str]:
    """Nudges to drop: the person has meanwhile completed the module, left, or is no longer required.

    The batch's nudges and people are read in two statements, the modules from the catalogue.
    """
    ids = [_nudge_id(m) for m in messages]
    sent = {n.id: n for n in db.session.scalars(sa.select(Nudge).where(Nudge.id.in_(ids)))}
    person_ids = {n.person_id for n in sent.values()}
    people = {p.id: p for p in db.session.scalars(sa.select(Person).where(Person.id.in_(person_ids)))}
    drop = {}
    for message in messages:
        row = sent.get(_nudge_id(message))
        person = people.get(row.person_id) if row else None
        module = catalogue.published_module(row.module_id) if row else None
        if person is None or module is None or _status(module, person, now) not in NUDGEABLE:
            drop[message.id] = "completed, left or no longer required before the nudge went out"
    return drop


def _nudge_id(message) -> int:
    """The nudge a message was queued for (its key is nudge:<id>)."""
    return int(message.key.split(":")[1])
