"""Recording completions and keeping each person's standing per module current."""

import secrets
from datetime import datetime

import sqlalchemy as sa

from ambassador.completions.models import Completion, Method, Standing
from ambassador.completions.status import new_expiry
from ambassador.db import db


def new_code() -> str:
    """A certificate identifier: short enough to type, too long to guess."""
    return secrets.token_hex(8).upper()


def record_completion(
    person, module, *, method: Method, completed_at: datetime, version=None, attempt=None
) -> Completion:
    """Add a completion (history) and move the person's standing to it; the caller commits.

    The expiry follows the recertification rule against the current standing.
    """
    standing = db.session.get(Standing, (person.id, module.id))
    expires_at = new_expiry(module, completed_at, standing.expires_at if standing else None)
    completion = Completion(
        person_id=person.id,
        module_id=module.id,
        version_id=version.id if version else None,
        method=method,
        attempt_id=attempt.id if attempt else None,
        completed_at=completed_at,
        expires_at=expires_at,
        code=new_code(),
    )
    db.session.add(completion)
    db.session.flush()
    if standing is None:
        db.session.add(
            Standing(
                person_id=person.id,
                module_id=module.id,
                completion_id=completion.id,
                completed_at=completed_at,
                expires_at=expires_at,
            )
        )
    elif expires_at >= standing.expires_at:
        standing.completion_id, standing.completed_at, standing.expires_at = (
            completion.id,
            completed_at,
            expires_at,
        )
    return completion


def standing_expiry(person_id: int, module_id: int) -> datetime | None:
    """Expiry of the person's latest completion of a module, or None."""
    return db.session.scalar(
        sa.select(Standing.expires_at).where(Standing.person_id == person_id, Standing.module_id == module_id)
    )
