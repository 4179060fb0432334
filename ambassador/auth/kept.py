"""Nothing typed is lost to a session that ended: a form posted after it is kept for its browser.

When a signed-out browser posts a form (its session timed out while the person was writing), the
form passed its CSRF check, so it came from this browser. Its fields are kept server-side under a
random token whose only copy is in the browser's cookie; after signing in, the person is sent back
to the page, which shows what they typed, to check and save. A kept form is claimed once, on the
page it came from, within a day; files and passwords are not kept (the page says to choose files again).
"""

import json
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from ambassador.auth.models import KeptForm
from ambassador.auth.services import hash_token
from ambassador.db import db
from ambassador.web import is_password

KEEP_FOR = timedelta(days=1)
MAX_CHARACTERS = 1_000_000  # more than any form here holds; a bigger post is not kept
NOT_KEPT = ("csrf_token",)


def keep(path: str, form: MultiDict, now: datetime) -> str | None:
    """Keep the fields of a form posted to `path`; the token that claims them, or None if too big."""
    fields = {name: form.getlist(name) for name in form if name not in NOT_KEPT and not is_password(name)}
    data = json.dumps(fields)
    if not fields or len(data) > MAX_CHARACTERS:
        return None
    token = secrets.token_urlsafe(32)
    db.session.add(KeptForm(token_hash=hash_token(token), path=path[:500], data=data, created_at=now))
    return token


def claim(token: str, path: str, now: datetime) -> MultiDict | None:
    """The fields kept under `token` for `path`, deleted as they are returned; None if none."""
    row = db.session.scalar(
        sa.select(KeptForm).where(
            KeptForm.token_hash == hash_token(token),
            KeptForm.path == path,
            KeptForm.created_at > now - KEEP_FOR,
        )
    )
    if row is None:
        return None
    db.session.delete(row)
    return MultiDict([(name, value) for name, values in json.loads(row.data).items() for value in values])


def purge(now: datetime) -> int:
    """Delete kept forms nobody came back for within a day."""
    return db.session.execute(sa.delete(KeptForm).where(KeptForm.created_at <= now - KEEP_FOR)).rowcount or 0
