"""The audit log, for administrators."""

from flask import Blueprint, render_template

from ambassador.audit import queries
from ambassador.auth.access import roles_required
from ambassador.org.models import Role
from ambassador.web import page_number

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


@bp.get("")
@roles_required(Role.ADMIN)
def log():
    """Newest events first, with the name of who made each change."""
    return render_template("audit/log.html", page=queries.events(page_number()))
