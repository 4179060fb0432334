"""Certificates: the PDF for its owner, and a public page that verifies one."""

import sqlalchemy as sa
from flask import Blueprint, Response, abort, render_template
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from ambassador.clock import utcnow
from ambassador.completions.certificates import certificate_pdf
from ambassador.completions.models import Completion
from ambassador.db import db
from ambassador.org.models import Role
from ambassador.training.models import Module
from ambassador.web import external_url

bp = Blueprint("completions", __name__)


def _completion(code: str) -> Completion:
    """A completion by its certificate code, else 404."""
    completion = db.session.scalar(
        sa.select(Completion)
        .where(Completion.code == code.upper()[:32])
        .options(selectinload(Completion.module).selectinload(Module.texts))
    )
    if completion is None:
        abort(404)
    return completion


def verify_link(code: str) -> str:
    """The public address that verifies a certificate."""
    return external_url("completions.verify", code=code)


@bp.get("/certificates/<code>.pdf")
@login_required
def certificate(code: str):
    """Download a certificate: its owner, and coordinators and admins."""
    completion = _completion(code)
    if completion.person_id != current_user.id and not current_user.has_role(Role.ADMIN, Role.COORDINATOR):
        abort(404)
    person = completion.person
    pdf = certificate_pdf(
        name=person.name,
        module_title=completion.module.text(current_user.locale).title,
        version=completion.version.number if completion.version else None,
        completed_at=completion.completed_at,
        expires_at=completion.expires_at,
        code=completion.code,
        verify_url=verify_link(completion.code),
    )
    filename = f"certificate-{completion.code}.pdf"
    return Response(
        pdf, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@bp.get("/verify/<code>")
def verify(code: str):
    """Anyone can check a certificate: it shows only the name, the module and its validity."""
    completion = db.session.scalar(
        sa.select(Completion)
        .where(Completion.code == code.upper()[:32])
        .options(selectinload(Completion.module).selectinload(Module.texts), selectinload(Completion.person))
    )
    valid = completion is not None and completion.expires_at > utcnow()
    return render_template("completions/verify.html", completion=completion, valid=valid, code=code[:32]), (
        200 if completion else 404
    )
