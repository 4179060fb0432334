"""Outgoing mail, for administrators, until the outbox delivers over SMTP."""

from flask import Blueprint, render_template

from ambassador.mail import queries
from ambassador.org.access import admin_required
from ambassador.web import page_number

bp = Blueprint("mail", __name__, url_prefix="/admin/mail")


@bp.get("")
@admin_required
def outgoing():
    """The newest messages first."""
    return render_template("mail/outgoing.html", page=queries.outgoing(page_number()))
