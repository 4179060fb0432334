"""Roster files between upload and apply (the rules: `importing.uploads`)."""

from collections.abc import Iterable
from datetime import datetime

from ambassador.audit.services import record
from ambassador.importing import uploads
from ambassador.org.models import Person
from ambassador.roster.models import RosterUpload
from ambassador.roster.services import apply_import, parse, plan_import, summarise


def store(filename: str, data: bytes, *, full: bool, actor: Person, now: datetime) -> RosterUpload:
    """Keep a readable roster file for its preview; raise FileError when it cannot be read."""
    parse(data)
    upload = uploads.store(RosterUpload, filename, data, actor=actor, now=now, full=full)
    record(actor, "roster.uploaded", f"{upload.filename} ({'full' if full else 'partial'})", now)
    return upload


def discard(token: str, *, actor: Person, now: datetime) -> None:
    """Throw away a previewed roster file of `actor`'s; audited when there was one."""
    filename = uploads.discard(RosterUpload, token, actor=actor)
    if filename is not None:
        record(actor, "roster.discarded", filename, now)


def apply_upload(
    token: str, digest: str, *, actor: Person, now: datetime, languages: Iterable[str], invite: bool
) -> RosterUpload:
    """Apply a previewed roster file once, all or nothing, and keep a record; the caller commits.

    With `invite`, each person created is emailed an invitation to choose a password.
    """

    def apply(upload: RosterUpload) -> dict:
        """Check the file again inside the transaction, then write it."""
        plan = plan_import(upload.content, full=upload.full, actor_id=actor.id, languages=languages)
        if not plan.ok:
            raise uploads.NotClean()
        apply_import(plan, actor=actor, filename=upload.filename, now=now, invite=invite)
        return summarise(plan)

    return uploads.apply_once(RosterUpload, token, digest, actor=actor, now=now, apply=apply)
