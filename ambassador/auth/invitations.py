"""Invitations: a person the roster import creates is emailed a link to choose their password.

The link is a password-reset link (the same table, hash and `services.reset_password`), marked
`invitation` and lasting INVITATION_DAYS instead of an hour; its page welcomes the person. Any
password change spends it. One invitation per person (key `invitation:<person id>`), queued in
bulk in the import's transaction: an import may create 100,000 people.

Just before it is sent, the outbox asks `still_wanted`: an invitation to someone who has been
deactivated, has meanwhile set a password, or whose link has expired or been spent, is dropped; so is
one to anyone but an administrator while passwords are off (PASSWORD_SIGNIN=off: they use company sign-in).
"""

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from ambassador.auth.models import PasswordResetToken
from ambassador.auth.services import hash_token
from ambassador.db import db
from ambassador.importing.bulk import batches
from ambassador.mail.bulk import queue_many
from ambassador.mail.models import Outgoing
from ambassador.mail.services import Addressee
from ambassador.org.models import Office, Person, Role
from ambassador.web import external_url

KIND = "invitation"
TOKEN = "TOKEN"  # stands for each person's token in the link built once


def _people(person_ids: list[int]) -> list[sa.Row]:
    """Id, email, name and language (theirs, else their office's) of each person, in batches."""
    language = sa.func.coalesce(Person.language, Office.language)
    query = sa.select(Person.id, Person.email, Person.name, language.label("locale")).join(Office)
    found = []
    for chunk in batches(person_ids):
        found.extend(db.session.execute(query.where(Person.id.in_(chunk))))
    return found


def _links(person_ids: list[int], lifetime: timedelta, now: datetime) -> dict[int, str]:
    """Make an invitation link for each person, in bulk; their tokens (only hashes are stored)."""
    tokens = {person_id: secrets.token_urlsafe(32) for person_id in person_ids}
    rows = [
        {
            "token_hash": hash_token(token),
            "person_id": person_id,
            "created_at": now,
            "expires_at": now + lifetime,
            "invitation": True,
        }
        for person_id, token in tokens.items()
    ]
    for chunk in batches(rows):
        db.session.execute(sa.insert(PasswordResetToken.__table__), chunk)  # Core: no ORM bookkeeping
    return tokens


def invite(person_ids: Iterable[int], now: datetime) -> int:
    """Queue an invitation to each of these people, with a fresh link each; the caller commits.

    The email is rendered once per language (`mail.bulk.queue_many`); how many were queued.
    """
    people = _people(sorted(set(person_ids)))
    days = current_app.config["INVITATION_DAYS"]
    tokens = _links([p.id for p in people], timedelta(days=days), now)
    # Tokens are URL-safe, so the link is built once and each token put in its place.
    before, _token, after = external_url("auth.reset_password", token=TOKEN).rpartition(TOKEN)
    addressees = [
        Addressee(p.id, p.email, p.name, p.locale, f"{KIND}:{p.id}", {"link": before + tokens[p.id] + after})
        for p in people
    ]
    context = {"days": days, "sign_in": external_url("auth.login")}
    queue_many(KIND, "invitation", addressees, now=now, context=context)
    return len(addressees)


def still_wanted(messages: list[Outgoing], now: datetime) -> dict[int, str]:
    """Which invitations to drop: the person left, has a password already, needs none, or the link is gone."""
    open_link = (
        sa.select(PasswordResetToken.id)
        .where(
            PasswordResetToken.person_id == Person.id,
            PasswordResetToken.invitation.is_(True),
            PasswordResetToken.used_at.is_(None),
            PasswordResetToken.expires_at > now,
        )
        .exists()
    )
    ids = [m.person_id for m in messages if m.person_id is not None]
    needs_none = Person.role != Role.ADMIN if current_app.config["PASSWORD_SIGNIN"] == "off" else sa.false()
    query = sa.select(Person.id, Person.active, Person.password_hash.is_not(None), open_link, needs_none)
    state = {row[0]: row[1:] for row in db.session.execute(query.where(Person.id.in_(ids)))}
    drop = {}
    for message in messages:
        active, has_password, link_open, no_password = state.get(message.person_id, (False,) * 4)
        if not active:
            drop[message.id] = "the person was deactivated before the invitation went out"
        elif no_password:
            drop[message.id] = "passwords are off (PASSWORD_SIGNIN=off): the person uses company sign-in"
        elif has_password:
            drop[message.id] = "the person set a password before the invitation went out"
        elif not link_open:
            drop[message.id] = "the invitation link expired or was used before it went out"
    return drop
