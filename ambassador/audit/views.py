"""The audit log, for administrators."""

import sqlalchemy as sa
from flask import Blueprint, render_template, request

from ambassador.audit.models import AuditEvent
from ambassador.auth.access import roles_required
from ambassador.org.models import Person, Role
from ambassador.pagination import paginate_rows

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


@bp.get("")
@roles_required(Role.ADMIN)
def log():
    """Newest events first, with the name of who made each change."""
    query = (
        sa.select(AuditEvent.at, AuditEvent.action, AuditEvent.summary, Person.name.label("actor"))
        .outerjoin(Person, Person.id == AuditEvent.actor_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    page = paginate_rows(query, max(1, request.args.get("page", 1, type=int)), 50)
    return render_template("audit/log.html", page=page)
