"""What the audit trail keeps about a person: changes made to them and by them; erased as a pseudonym."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.audit.actions import action_label, change_lines
from ambassador.audit.guard import scrub
from ambassador.audit.models import AuditEvent
from ambassador.db import db
from ambassador.personal import Column, Erasure, Section


def export(person) -> list[Section]:
    """Changes recorded about the person (with what changed), and when they changed something."""
    about = sa.or_(
        AuditEvent.subject_id == person.id,
        AuditEvent.summary == person.email,
        AuditEvent.summary.startswith(f"{person.email}: "),
    )
    query = sa.select(AuditEvent.at, AuditEvent.action, AuditEvent.summary, AuditEvent.changes).order_by(
        AuditEvent.at, AuditEvent.id
    )
    changes = [
        {"at": at, "action": action_label(action), "action_code": action, "summary": _what(summary, changed)}
        for at, action, summary, changed in db.session.execute(query.where(about))
    ]
    made = [
        {"at": at, "action": action_label(action), "action_code": action}
        for at, action, _summary, _changed in db.session.execute(
            query.where(AuditEvent.actor_id == person.id)
        )
    ]
    when = Column("at", _l("When"))
    return [
        Section(
            "changes_to_you",
            _l("Changes to your account"),
            (when, Column("action", _l("Change")), Column("summary", _l("What changed"))),
            changes,
            order=90,
        ),
        Section(
            "changes_by_you",
            _l("Changes you made"),
            (when, Column("action", _l("Change"))),
            made,
            note=_l(
                "The audit trail keeps what you changed; what is listed here is only when and what kind."
            ),
            order=91,
        ),
    ]


def _what(summary: str, changes: dict | None) -> str:
    """What changed, as the audit log shows it: each field's old → new, else the summary."""
    lines = change_lines(changes)
    return "; ".join(f"{field}: {old} → {new}" for field, old, new in lines) if lines else summary


def erase(erasures: list[Erasure], now: datetime) -> None:
    """Every summary and change that names an erased person names their pseudonym instead.

    The entries stay, still pointing at the (pseudonymised) person. The log writes names and
    emails exactly as the person's row held them, so an exact replacement finds them all; the
    log's triggers allow this rewrite only through `guard.scrub`.
    """
    for erasure in erasures:
        # The longest first: "Ann Lee-Berg" before "Ann Lee".
        texts = sorted([erasure.email, *erasure.names], key=len, reverse=True)
        scrub(texts, erasure.pseudonym)
