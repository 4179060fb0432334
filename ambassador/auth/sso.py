"""Company sign-in rules: which person an identity from the company's provider is, and who is refused.

A person is matched by the email their provider vouches for (`email_verified`) to an active person
on the roster. Nobody is ever created here: the roster (the HR export) decides who works here.
Every refusal is written to the audit log, so an administrator can see who tried and why; those
anyone can cause without signing in at the provider at most once an hour each (`UNVOUCHED`), so that
the log, which keeps everything, cannot be flooded.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ambassador.audit.services import record, record_once_an_hour
from ambassador.auth.services import normalise_email, record_sign_in
from ambassador.db import db
from ambassador.org.models import Person

AUDIT_ACTION = "auth.sso_refused"

# Refusals anyone can cause without the provider vouching for anybody (a made-up callback, or one
# carrying the provider's error): at most one audit entry each per hour, every one in the server log.
UNVOUCHED = ("callback", "provider", "token")

# Why a company sign-in was refused, as the audit log says it (the page says it in the reader's language).
REASONS = {
    "no_email": "the provider gave no email address",
    "unverified": "the provider has not verified the email address",
    "unknown": "no person on the roster has this email",
    "deactivated": "the person with this email is deactivated",
    "callback": "the callback matches no sign-in started in this browser (forged, replayed or expired)",
    "provider": "the provider answered with an error",
    "token": "the provider's answer failed its checks",
}


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in: its subject, their email and whether it verified it."""

    subject: str
    email: str | None
    email_verified: bool
    id_token: str


class SsoRefused(Exception):
    """A company sign-in that is refused, with the reason (a key of REASONS) and what is known."""

    def __init__(self, reason: str, email: str | None = None, detail: str = ""):
        super().__init__(f"company sign-in refused: {reason}")
        self.reason = reason
        self.email = email
        self.detail = detail


def person_for(identity: Identity, now: datetime) -> Person:
    """The active person on the roster with the identity's verified email; raise SsoRefused otherwise.

    Emails are compared as the roster stores them (trimmed, lower case). Nobody is created.
    """
    if not identity.email:
        raise SsoRefused("no_email", detail=f"subject {identity.subject}")
    email = normalise_email(identity.email)
    if not identity.email_verified:
        raise SsoRefused("unverified", email)
    person = db.session.scalar(sa.select(Person).where(Person.email == email))
    if person is None:
        raise SsoRefused("unknown", email)
    if not person.active:
        raise SsoRefused("deactivated", email)
    person.last_login_at = now
    record_sign_in(person, now)
    return person


def record_refusal(refused: SsoRefused, now: datetime) -> None:
    """Write a refused company sign-in to the audit log; the caller commits.

    The actor is the person only when the provider vouched for their email (a deactivated person),
    else nobody: an unverified email proves nothing about whose it is.
    """
    actor = None
    if refused.reason == "deactivated":
        actor = db.session.scalar(sa.select(Person).where(Person.email == refused.email))
    who = refused.email or "an unknown person"
    summary = f"Company sign-in refused for {who}: {REASONS[refused.reason]}"
    if refused.detail:
        summary += f" ({refused.detail})"
    if refused.reason in UNVOUCHED:
        record_once_an_hour(f"{AUDIT_ACTION}:{refused.reason}", actor, AUDIT_ACTION, summary, now)
    else:
        record(actor, AUDIT_ACTION, summary, now)
