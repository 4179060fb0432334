"""Reads of the outbox for its page."""

import sqlalchemy as sa

from ambassador.db import db
from ambassador.mail.models import OutboxMessage, State
from ambassador.pagination import Page, paginate_rows

_LISTED = (
    OutboxMessage.id,
    OutboxMessage.created_at,
    OutboxMessage.to_name,
    OutboxMessage.to_address,
    OutboxMessage.subject,
    OutboxMessage.kind,
    OutboxMessage.state,
    OutboxMessage.attempts,
    OutboxMessage.next_try_at,
    OutboxMessage.sent_at,
    OutboxMessage.last_error,
)


def messages(page: int, state: str = "", kind: str = "") -> Page:
    """The newest messages first, of one state and kind when given (bodies left out)."""
    query = sa.select(*_LISTED)
    if state:
        query = query.where(OutboxMessage.state == state)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return paginate_rows(query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()), page, 20)


def kinds() -> list[str]:
    """Every kind of message in the outbox, for the filter."""
    return list(db.session.scalars(sa.select(OutboxMessage.kind).distinct().order_by(OutboxMessage.kind)))


def state_counts() -> dict[str, int]:
    """How many messages are in each state (every state listed, zero included)."""
    query = sa.select(OutboxMessage.state, sa.func.count()).group_by(OutboxMessage.state)
    counts = dict.fromkeys(State, 0)
    counts.update(db.session.execute(query).tuples().all())
    return counts
