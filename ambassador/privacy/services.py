"""Erasing people: every feature removes or pseudonymises what it keeps, in one transaction.

Rules:
- An administrator erases one person, never themselves nor the last active administrator; the
  retention job erases leavers deactivated more than RETENTION_MONTHS ago.
- The person's row stays under a pseudonym (`erased-<id>`), so completions, coverage figures,
  snapshots and the audit trail keep their person; their name (and former names), email and
  employee id are gone from every table, each feature erasing its own (`ambassador.personal`).
- Erasure deactivates, ends every session, frees the email (a new person may be created with
  it later) and gives the completions new certificate identifiers, so old certificates no
  longer verify.
- Two erasures of one person at once erase once: the row is locked, then read again.
- The audit trail records each erasure under the pseudonym only.
"""

from datetime import datetime

import sqlalchemy as sa

from ambassador.audit.services import record
from ambassador.db import db
from ambassador.features import registry
from ambassador.org.models import Person
from ambassador.org.personal import former_names
from ambassador.org.services import check_erasable, lock_people
from ambassador.personal import Erasure, pseudonym

BY_ADMINISTRATOR = "erased by an administrator"


def retention_reason(months: int) -> str:
    """Why the retention job erased someone, for the audit trail."""
    return f"erased by the retention job: deactivated more than {months} months ago"


def _erasure(person: Person) -> Erasure:
    """What identifies `person`, read before anything is erased."""
    names = (person.name, *former_names(person))
    return Erasure(person_id=person.id, email=person.email, names=names, employee_id=person.employee_id)


def erase_people(person_ids: list[int], *, actor, now: datetime, reason: str) -> list[int]:
    """Erase those of `person_ids` not yet erased, in the caller's transaction; the ids erased."""
    lock_people(person_ids)
    query = sa.select(Person).where(Person.id.in_(person_ids), Person.erased_at.is_(None)).order_by(Person.id)
    erasures = [
        _erasure(person) for person in db.session.scalars(query.execution_options(populate_existing=True))
    ]
    if not erasures:
        return []
    for erase in registry().erasers:
        erase(erasures, now)
    for erasure in erasures:
        record(actor, "person.erased", f"{erasure.pseudonym}: {reason}", now)
    db.session.flush()
    db.session.expire_all()
    return [erasure.person_id for erasure in erasures]


def erase(person: Person, *, actor, now: datetime) -> str:
    """An administrator erases one person (OrgError when the rules refuse); their pseudonym."""
    lock_people([person.id])
    db.session.refresh(person)
    check_erasable(person, actor)
    erase_people([person.id], actor=actor, now=now, reason=BY_ADMINISTRATOR)
    return pseudonym(person.id)
