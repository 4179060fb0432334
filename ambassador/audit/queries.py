"""Reads of the audit log."""

import sqlalchemy as sa

from ambassador.audit.models import AuditEvent
from ambassador.org.models import Person
from ambassador.pagination import Page, paginate_rows


def events(page: int) -> Page:
    """Newest events first, with the name of who made each change."""
    query = (
        sa.select(AuditEvent.at, AuditEvent.action, AuditEvent.summary, Person.name.label("actor"))
        .outerjoin(Person, Person.id == AuditEvent.actor_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    return paginate_rows(query, page, 50)
