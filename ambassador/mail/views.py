"""Outgoing mail, for administrators, until the outbox delivers over SMTP."""

from flask import Blueprint, render_template

from ambassador.auth.access import roles_required
from ambassador.mail import queries
from ambassador.org.models import Role
from ambassador.web import page_number

bp = Blueprint("mail", __name__, url_prefix="/admin/mail")


@bp.get("")
@roles_required(Role.ADMIN)
def outgoing():
    """The newest messages first."""
    return render_template("mail/outgoing.html", page=queries.outgoing(page_number()))
