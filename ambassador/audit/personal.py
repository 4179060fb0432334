"""What the audit trail keeps about a person: changes made to them and by them; erased as a pseudonym."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.audit.actions import action_label
from ambassador.audit.models import AuditEvent
from ambassador.db import db
from ambassador.personal import Column, Erasure, Section, scrub_columns


def export(person) -> list[Section]:
    """Changes recorded about the person (with what changed), and when they changed something."""
    about = sa.or_(AuditEvent.summary == person.email, AuditEvent.summary.startswith(f"{person.email}: "))
    query = sa.select(AuditEvent.at, AuditEvent.action, AuditEvent.summary).order_by(
        AuditEvent.at, AuditEvent.id
    )
    changes = [
        {"at": at, "action": action_label(action), "action_code": action, "summary": summary}
        for at, action, summary in db.session.execute(query.where(about))
    ]
    made = [
        {"at": at, "action": action_label(action), "action_code": action}
        for at, action, _summary in db.session.execute(query.where(AuditEvent.actor_id == person.id))
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


def erase(erasures: list[Erasure], now: datetime) -> None:
    """Every summary that names an erased person names their pseudonym instead; the events stay."""
    scrub_columns(AuditEvent, [AuditEvent.summary], erasures)
