"""Reads of written mail."""

import sqlalchemy as sa

from ambassador.mail.models import MailMessage
from ambassador.pagination import Page, paginate_rows


def outgoing(page: int) -> Page:
    """The newest messages first."""
    query = sa.select(MailMessage).order_by(MailMessage.created_at.desc(), MailMessage.id.desc())
    return paginate_rows(query, page, 20)
