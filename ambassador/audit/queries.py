"""Reads of the audit log."""

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ambassador.audit.models import AuditEvent
from ambassador.pagination import Page, paginate_rows


def events(page: int) -> Page:
    """Newest events first, with the name of who made each change."""
    actor = aliased(AuditEvent.actor.property.mapper.class_)
    query = (
        sa.select(AuditEvent.at, AuditEvent.action, AuditEvent.summary, actor.name.label("actor"))
        .outerjoin(actor, AuditEvent.actor.of_type(actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    return paginate_rows(query, page, 50)
