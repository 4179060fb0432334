"""Recording completions and keeping each person's standing per module current."""

import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm.util import identity_key

from ambassador.completions.models import Completion, Method, Standing
from ambassador.completions.status import new_expiry, refresher_opens
from ambassador.db import db, upsert
from ambassador.importing.bulk import batches
from ambassador.org.access import is_staff
from ambassador.org.models import Person
from ambassador.org.services import lock_people


def new_code() -> str:
    """A certificate identifier: short enough to type, too long to guess."""
    return secrets.token_hex(8).upper()


def standing_expiry(person_id: int, module_id: int) -> datetime | None:
    """Expiry of the person's latest completion of a module, or None."""
    return db.session.scalar(
        sa.select(Standing.expires_at).where(Standing.person_id == person_id, Standing.module_id == module_id)
    )


def lock_person(person: Person) -> None:
    """Serialise completions of one person until the transaction ends (see `lock_people`)."""
    lock_people([person.id])


def move_standings(rows: list[dict]) -> None:
    """Point each standing at a new completion unless a later expiry is recorded (an upsert).

    Each row names person_id, module_id, completion_id, completed_at and expires_at; at most
    one row per person and module.
    """
    table = Standing.__table__
    statement = upsert(table)
    statement = statement.on_conflict_do_update(
        index_elements=["person_id", "module_id"],
        set_={name: statement.excluded[name] for name in ("completion_id", "completed_at", "expires_at")},
        where=table.c.expires_at <= statement.excluded.expires_at,
    )
    for chunk in batches(rows):
        db.session.execute(statement, chunk)
    for row in rows:
        loaded = db.session.identity_map.get(identity_key(Standing, (row["person_id"], row["module_id"])))
        if loaded is not None:
            db.session.expire(loaded)


def standing_row(completion: Completion) -> dict:
    """The standing a completion gives its person for its module."""
    return {
        "person_id": completion.person_id,
        "module_id": completion.module_id,
        "completion_id": completion.id,
        "completed_at": completion.completed_at,
        "expires_at": completion.expires_at,
    }


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
    move_standings([standing_row(completion)])
    return completion


def withdraw_completions(completion_ids: list[int]) -> None:
    """Delete completions (a withdrawn workshop) and move each standing back; the caller commits.

    A standing that pointed at a deleted completion moves to the person's latest remaining
    completion of the module, or goes. A withdrawn completion's certificate no longer verifies.
    """
    if not completion_ids:
        return
    rows = db.session.execute(
        sa.select(Completion.person_id, Completion.module_id).where(Completion.id.in_(completion_ids))
    ).all()
    lock_people(sorted({row.person_id for row in rows}))
    db.session.execute(sa.delete(Standing).where(Standing.completion_id.in_(completion_ids)))
    db.session.execute(sa.delete(Completion).where(Completion.id.in_(completion_ids)))
    db.session.expire_all()
    for person_id, module_id in {(row.person_id, row.module_id) for row in rows}:
        latest = db.session.scalar(
            sa.select(Completion)
            .where(Completion.person_id == person_id, Completion.module_id == module_id)
            .order_by(Completion.expires_at.desc())
            .limit(1)
        )
        if latest is not None:
            move_standings([standing_row(latest)])


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
