"""Certificates (the PDF for its owner, a public page that verifies one); importing past completions."""

from flask import Blueprint, Response, abort, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ambassador.clock import utcnow
from ambassador.completions import imports, queries
from ambassador.completions.certificates import certificate_pdf
from ambassador.completions.forms import ImportForm
from ambassador.completions.models import CompletionUpload
from ambassador.completions.services import may_download
from ambassador.importing import views as shared
from ambassador.importing.forms import ApplyForm, DiscardForm
from ambassador.org.access import staff_required
from ambassador.web import external_url

bp = Blueprint("completions", __name__)
ENDPOINTS = ("completions.import_upload", "completions.import_show")


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


def _store(filename: str, data: bytes) -> CompletionUpload:
    """Keep the file for its preview, uploaded by the signed-in person now."""
    return imports.store(filename, data, actor=current_user, now=utcnow())


@bp.route("/completions/import", methods=["GET", "POST"])
@staff_required
def import_upload():
    """Upload a file of past completions; a readable file goes on to the preview."""
    form = ImportForm()
    preview = shared.upload(form, _store, show_endpoint="completions.import_show")
    if preview is not None:
        return preview
    return render_template("completions/import_upload.html", form=form, recent=queries.recent_imports())


@bp.get("/completions/import/<token>")
@staff_required
def import_show(token: str):
    """What the import would write and every bad row (nothing is written), or what it wrote once applied."""
    upload = shared.find_own(CompletionUpload, token)
    if upload is None:
        return shared.gone("completions.import_upload")
    if upload.applied_at is not None:
        applied = queries.applied_import(token)
        return render_template("completions/import_applied.html", applied=applied, limit=imports.LIST_LIMIT)
    plan = imports.plan_import(upload.content, now=utcnow())
    return render_template(
        "completions/import_preview.html",
        upload=upload,
        plan=plan,
        summary=imports.summarise(plan),
        form=ApplyForm(digest=upload.sha256),
        discard_form=DiscardForm(),
        limit=imports.LIST_LIMIT,
    )


def _done(summary: dict) -> str:
    """What an applied import of past completions did, in one sentence."""
    return _(
        "Import applied: %(imported)s recorded, %(skipped)s already recorded.",
        imported=summary["imported"],
        skipped=summary["skipped"],
    )


def _apply_upload(token: str, digest: str) -> CompletionUpload:
    """The import's apply for the signed-in person, now."""
    return imports.apply_upload(token, digest, actor=current_user, now=utcnow())


@bp.post("/completions/import/<token>/apply")
@staff_required
def import_apply(token: str):
    """Apply a previewed import of past completions, all or nothing, once."""
    return shared.apply(CompletionUpload, token, _apply_upload, endpoints=ENDPOINTS, done=_done)


def _discard_upload(token: str) -> None:
    """The import's discard for the signed-in person, now."""
    imports.discard(token, actor=current_user, now=utcnow())


@bp.post("/completions/import/<token>/discard")
@staff_required
def import_discard(token: str):
    """Throw away a previewed import of past completions."""
    return shared.discard(CompletionUpload, token, _discard_upload, endpoints=ENDPOINTS)
