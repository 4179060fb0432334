"""Reads of the audit log: a filtered page, newest first, and every filtered entry for a download."""

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ambassador.audit.models import AuditEvent
from ambassador.audit.search import Filters
from ambassador.db import db
from ambassador.pagination import Page, paginate_rows

PER_PAGE = 50
BATCH = 2000


def _query(filters: Filters) -> sa.Select:
    """Entries matching `filters`, newest first, with the names and emails of who and whom."""
    person = AuditEvent.actor.property.mapper.class_  # the people model, without importing `org`
    actor, subject = aliased(person), aliased(person)
    query = (
        sa.select(
            AuditEvent.id,
            AuditEvent.at,
            AuditEvent.action,
            AuditEvent.summary,
            AuditEvent.changes,
            actor.name.label("actor"),
            actor.email.label("actor_email"),
            subject.name.label("subject"),
            subject.email.label("subject_email"),
        )
        .outerjoin(actor, actor.id == AuditEvent.actor_id)
        .outerjoin(subject, subject.id == AuditEvent.subject_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if filters.people is not None:
        people = filters.people
        query = query.where(sa.or_(AuditEvent.actor_id.in_(people), AuditEvent.subject_id.in_(people)))
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.start is not None:
        query = query.where(AuditEvent.at >= filters.start)
    if filters.end is not None:
        query = query.where(AuditEvent.at < filters.end)
    return query


def events(filters: Filters, page: int) -> Page:
    """One page of the entries matching `filters`: two statements whatever the log's size."""
    return paginate_rows(_query(filters), page, PER_PAGE)


def every_event(filters: Filters) -> Iterator[sa.Row]:
    """Every entry matching `filters`, read in batches with a server-side cursor (for a download)."""
    query = _query(filters).execution_options(stream_results=True, yield_per=BATCH)
    yield from db.session.execute(query)
