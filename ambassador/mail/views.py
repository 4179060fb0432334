"""Outgoing mail, for administrators, until the outbox delivers over SMTP."""

import sqlalchemy as sa
from flask import Blueprint, render_template, request

from ambassador.auth.access import roles_required
from ambassador.mail.models import MailMessage
from ambassador.org.models import Role
from ambassador.pagination import paginate_rows

bp = Blueprint("mail", __name__, url_prefix="/admin/mail")


@bp.get("")
@roles_required(Role.ADMIN)
def outgoing():
    """The newest messages first."""
    query = sa.select(MailMessage).order_by(MailMessage.created_at.desc(), MailMessage.id.desc())
    page = paginate_rows(query, max(1, request.args.get("page", 1, type=int)), 20)
    return render_template("mail/outgoing.html", page=page)
