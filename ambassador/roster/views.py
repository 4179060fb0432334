"""Roster import for administrators: upload, preview, apply, and the record of each import."""

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.importing import views as imports
from ambassador.importing.csvfile import FileError
from ambassador.importing.forms import ApplyForm, DiscardForm
from ambassador.org.access import admin_required
from ambassador.roster import queries, services, uploads
from ambassador.roster.forms import UploadForm
from ambassador.roster.models import RosterUpload

bp = Blueprint("roster", __name__, url_prefix="/admin/roster")
ENDPOINTS = ("roster.upload", "roster.show")


@bp.route("", methods=["GET", "POST"])
@admin_required
def upload():
    """Upload an HR export; a readable file goes on to the preview."""
    form = UploadForm()
    if form.validate_on_submit():
        filename = form.file.data.filename or "roster.csv"
        try:
            stored = uploads.store(
                filename, form.file.data.read(), full=form.full.data, actor=current_user, now=utcnow()
            )
        except FileError as error:
            form.file.errors.append(error.message)
        else:
            db.session.commit()
            return redirect(url_for("roster.show", token=stored.token))
    return render_template("roster/upload.html", form=form, recent=queries.recent_imports())


@bp.get("/<token>")
@admin_required
def show(token: str):
    """What the import would do and every bad row (nothing is written), or what it did once applied."""
    upload = imports.find_own(RosterUpload, token)
    if upload is None:
        return imports.gone("roster.upload")
    if upload.applied_at is not None:
        applied = queries.applied_import(token)
        return render_template("roster/applied.html", applied=applied, limit=services.LIST_LIMIT)
    plan = services.plan_import(
        upload.content, full=upload.full, actor_id=current_user.id, languages=current_app.config["LANGUAGES"]
    )
    return render_template(
        "roster/preview.html",
        upload=upload,
        plan=plan,
        form=ApplyForm(digest=upload.sha256),
        discard_form=DiscardForm(),
        limit=services.LIST_LIMIT,
    )


def _done(summary: dict) -> str:
    """What an applied roster import did, in one sentence."""
    return _(
        "Import applied: %(created)s created, %(updated)s updated, %(deactivated)s deactivated.",
        created=summary["created"],
        updated=summary["updated"],
        deactivated=summary["deactivated"],
    )


@bp.post("/<token>/apply")
@admin_required
def apply(token: str):
    """Apply a previewed import, all or nothing, once."""
    languages = current_app.config["LANGUAGES"]

    def apply_upload(token: str, digest: str) -> RosterUpload:
        """The roster's apply for this administrator, now."""
        return uploads.apply_upload(token, digest, actor=current_user, now=utcnow(), languages=languages)

    return imports.apply(RosterUpload, token, apply_upload, endpoints=ENDPOINTS, done=_done)


@bp.post("/<token>/discard")
@admin_required
def discard(token: str):
    """Throw away a previewed import."""
    return imports.discard(RosterUpload, token, endpoints=ENDPOINTS)
