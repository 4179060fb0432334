"""Reads of the audit log: a filtered page, newest first, and every filtered entry for a download.

The log grows to millions of entries, so a page is found on the log alone (the filters and the
order by time, on the index of (at, id)) and only its 50 entries are joined to the people's names.
"""

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ambassador.audit.models import AuditEvent
from ambassador.audit.search import Filters
from ambassador.db import db, read_through
from ambassador.pagination import Page, existing_page

PER_PAGE = 50
BATCH = 2000
NEWEST_FIRST = (AuditEvent.at.desc(), AuditEvent.id.desc())


def _where(filters: Filters) -> list:
    """The conditions of `filters` on the log itself."""
    conditions = []
    if filters.people is not None:
        people = filters.people
        conditions.append(sa.or_(AuditEvent.actor_id.in_(people), AuditEvent.subject_id.in_(people)))
    if filters.action:
        conditions.append(AuditEvent.action == filters.action)
    if filters.start is not None:
        conditions.append(AuditEvent.at >= filters.start)
    if filters.end is not None:
        conditions.append(AuditEvent.at < filters.end)
    return conditions


def _shown(entries) -> sa.Select:
    """The `entries` (a subquery of ids) as shown: with the names and emails of who and whom."""
    person = AuditEvent.actor.property.mapper.class_  # the people model, without importing `org`
    actor, subject = aliased(person), aliased(person)
    return (
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
        .join(entries, entries.c.id == AuditEvent.id)
        .outerjoin(actor, actor.id == AuditEvent.actor_id)
        .outerjoin(subject, subject.id == AuditEvent.subject_id)
        .order_by(*NEWEST_FIRST)
    )


def events(filters: Filters, page: int) -> Page:
    """One page of the entries matching `filters`: two statements whatever the log's size."""
    where = _where(filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(*where))
    page = existing_page(page, total, PER_PAGE)
    ids = sa.select(AuditEvent.id).where(*where).order_by(*NEWEST_FIRST)
    ids = ids.limit(PER_PAGE).offset((page - 1) * PER_PAGE).subquery()
    rows = db.session.execute(_shown(ids)).all()
    return Page(items=rows, page=page, per_page=PER_PAGE, total=total)


def every_event(filters: Filters) -> Iterator[sa.Row]:
    """Every entry matching `filters`, read in batches with a server-side cursor (for a download)."""
    ids = sa.select(AuditEvent.id).where(*_where(filters)).subquery()
    yield from read_through(_shown(ids), BATCH)
