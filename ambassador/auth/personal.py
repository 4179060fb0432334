"""What sign-in keeps about a person: sessions, failed sign-ins and reset links; all deleted on erasure."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.auth.models import KeptForm, LoginFailure, PasswordResetToken, UserSession
from ambassador.db import db
from ambassador.personal import Column, Erasure, Mentions, Section, rows_mentioning, rows_of

SESSIONS = (
    Column("started_at", _l("Signed in")),
    Column("last_seen_at", _l("Last active")),
    Column("expires_at", _l("Ends")),
    Column("kept_signed_in", _l("Keep me signed in")),
)
LINKS = (
    Column("created_at", _l("Sent")),
    Column("expires_at", _l("Valid until")),
    Column("used_at", _l("Used")),
    Column("invitation", _l("Invitation")),
)


def export(person) -> list[Section]:
    """The person's open sessions, failed sign-ins to their account, and reset links."""
    sessions = sa.select(
        UserSession.created_at.label("started_at"),
        UserSession.last_seen_at,
        UserSession.expires_at,
        UserSession.remember.label("kept_signed_in"),
    ).where(UserSession.person_id == person.id)
    failures = sa.select(LoginFailure.at).where(_failures_of(person.id, person.email))
    links = sa.select(
        PasswordResetToken.created_at,
        PasswordResetToken.expires_at,
        PasswordResetToken.used_at,
        PasswordResetToken.invitation,
    ).where(PasswordResetToken.person_id == person.id)
    return [
        Section(
            "sessions",
            _l("Signed-in sessions"),
            SESSIONS,
            rows_of(sessions.order_by(UserSession.created_at)),
            note=_l("A session is forgotten when it ends; the time of your last sign-in is in your profile."),
        ),
        Section(
            "failed_sign_ins",
            _l("Failed sign-ins to your account"),
            (Column("at", _l("When")),),
            rows_of(failures.order_by(LoginFailure.at)),
            note=_l("Kept for the sign-in limit's window, then forgotten."),
        ),
        Section(
            "password_links",
            _l("Password links"),
            LINKS,
            rows_of(links.order_by(PasswordResetToken.created_at)),
        ),
    ]


def _failures_of(person_id: int, email: str) -> sa.ColumnElement[bool]:
    """The failed sign-ins counted against an account: by its email, or by a browser it used."""
    return sa.or_(LoginFailure.key == f"account:{email}", LoginFailure.key.like(f"device:%:{person_id}"))


def erase(erasures: list[Erasure], now: datetime) -> None:
    """End every session, spend every link, forget failed sign-ins and any kept form that names them."""
    ids = [erasure.person_id for erasure in erasures]
    for model in (UserSession, PasswordResetToken):
        db.session.execute(sa.delete(model).where(model.person_id.in_(ids)))
    for erasure in erasures:
        db.session.execute(sa.delete(LoginFailure).where(_failures_of(erasure.person_id, erasure.email)))
    mentions = Mentions(erasures)
    candidates = rows_mentioning(KeptForm, [KeptForm.data], mentions)
    kept = [kept_id for kept_id, data in candidates if mentions.found_in(data)]
    if kept:
        db.session.execute(sa.delete(KeptForm).where(KeptForm.id.in_(kept)))
