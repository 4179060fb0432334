"""Certificates: the PDF for its owner, and a public page that verifies one."""

from flask import Blueprint, Response, abort, render_template
from flask_login import current_user, login_required

from ambassador.clock import utcnow
from ambassador.completions import queries
from ambassador.completions.certificates import certificate_pdf
from ambassador.completions.services import may_download
from ambassador.web import external_url

bp = Blueprint("completions", __name__)


def verify_link(code: str) -> str:
    """The public address that verifies a certificate."""
    return external_url("completions.verify", code=code)


@bp.get("/certificates/<code>.pdf")
@login_required
def certificate(code: str):
    """Download a certificate: its owner, and coordinators and admins."""
    completion = queries.by_code(code)
    if completion is None or not may_download(current_user, completion):
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
    completion = queries.by_code(code)
    valid = completion is not None and completion.expires_at > utcnow()
    return render_template("completions/verify.html", completion=completion, valid=valid, code=code[:32]), (
        200 if completion else 404
    )
