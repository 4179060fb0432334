"""Recording completions and keeping each person's standing per module current."""

import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.util import identity_key

from ambassador.completions.models import Completion, Method, Standing
from ambassador.completions.status import new_expiry, refresher_opens
from ambassador.db import db
from ambassador.org.access import is_staff
from ambassador.org.models import Person


def new_code() -> str:
    """A certificate identifier: short enough to type, too long to guess."""
    return secrets.token_hex(8).upper()


def standing_expiry(person_id: int, module_id: int) -> datetime | None:
    """Expiry of the person's latest completion of a module, or None."""
    return db.session.scalar(
        sa.select(Standing.expires_at).where(Standing.person_id == person_id, Standing.module_id == module_id)
    )


def lock_person(person: Person) -> None:
    """Serialise completions of one person until the transaction ends.

    A no-op UPDATE takes the row lock on PostgreSQL and the write lock on SQLite, so a second
    request for the same person waits and then reads what the first one wrote.
    """
    db.session.execute(
        sa.update(Person)
        .where(Person.id == person.id)
        .values(active=Person.active)
        .execution_options(synchronize_session=False)
    )


def _move_standing(completion: Completion) -> None:
    """Point the standing at `completion` unless a later expiry is already recorded (an upsert)."""
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    values = {
        "person_id": completion.person_id,
        "module_id": completion.module_id,
        "completion_id": completion.id,
        "completed_at": completion.completed_at,
        "expires_at": completion.expires_at,
    }
    statement = insert(Standing).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["person_id", "module_id"],
        set_={name: statement.excluded[name] for name in ("completion_id", "completed_at", "expires_at")},
        where=Standing.expires_at <= statement.excluded.expires_at,
    )
    db.session.execute(statement)
    loaded = db.session.identity_map.get(identity_key(Standing, (completion.person_id, completion.module_id)))
    if loaded is not None:
        db.session.expire(loaded)


def record_completion(
    person, module, *, method: Method, completed_at: datetime, version=None, attempt=None
) -> Completion:
    """Add a completion (history) and move the person's standing to it; the caller commits.

    The expiry follows the recertification rule against the current standing.
    """
    lock_person(person)
    previous = standing_expiry(person.id, module.id)
    completion = Completion(
        person_id=person.id,
        module_id=module.id,
        version_id=version.id if version else None,
        method=method,
        attempt_id=attempt.id if attempt else None,
        completed_at=completed_at,
        expires_at=new_expiry(module, completed_at, previous),
        code=new_code(),
    )
    db.session.add(completion)
    db.session.flush()
    _move_standing(completion)
    return completion


def current_completion(person, module, now: datetime) -> Completion | None:
    """The completion behind a standing that is valid and not yet in its refresher window."""
    standing = db.session.execute(
        sa.select(Standing.completion_id, Standing.expires_at).where(
            Standing.person_id == person.id, Standing.module_id == module.id
        )
    ).first()
    if standing is None or refresher_opens(module, standing.expires_at) <= now:
        return None
    return db.session.get(Completion, standing.completion_id)


def may_download(person: Person, completion: Completion) -> bool:
    """A certificate is for its owner, and for coordinators and administrators."""
    return completion.person_id == person.id or is_staff(person)
