"""Roster import for administrators: upload, preview, apply."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.org.access import admin_required
from ambassador.roster import services
from ambassador.roster.forms import ApplyForm, UploadForm
from ambassador.roster.models import RosterUpload
from ambassador.roster.parse import RosterFileError

bp = Blueprint("roster", __name__, url_prefix="/admin/roster")

PREVIEW_LIMIT = 200


def _own_upload(upload_id: int) -> RosterUpload:
    """An upload of the current administrator, else 404."""
    upload = db.get_or_404(RosterUpload, upload_id)
    if upload.uploaded_by_id != current_user.id:
        abort(404)
    return upload


def _plan(upload: RosterUpload) -> services.RosterPlan:
    """Check the stored file against the database as it is now."""
    return services.plan_import(
        upload.content,
        full=upload.full,
        actor_id=current_user.id,
        languages=current_app.config["LANGUAGES"],
    )


@bp.route("", methods=["GET", "POST"])
@admin_required
def upload():
    """Upload an HR export; a readable file goes on to the preview."""
    form = UploadForm()
    if form.validate_on_submit():
        data = form.file.data.read()
        try:
            services.parse(data)
        except RosterFileError as error:
            form.file.errors.append(error.message)
        else:
            stored = RosterUpload(
                filename=(form.file.data.filename or "roster.csv")[:255],
                content=data,
                full=form.full.data,
                uploaded_by_id=current_user.id,
                created_at=utcnow(),
            )
            db.session.add(stored)
            db.session.commit()
            return redirect(url_for("roster.preview", upload_id=stored.id))
    return render_template("roster/upload.html", form=form)


@bp.get("/<int:upload_id>")
@admin_required
def preview(upload_id: int):
    """What the import would do, and every bad row; nothing is written."""
    upload = _own_upload(upload_id)
    plan = _plan(upload)
    return render_template(
        "roster/preview.html", upload=upload, plan=plan, form=ApplyForm(), limit=PREVIEW_LIMIT
    )


@bp.post("/<int:upload_id>/apply")
@admin_required
def apply(upload_id: int):
    """Apply a previewed import, all or nothing."""
    upload = _own_upload(upload_id)
    if not ApplyForm().validate_on_submit():
        abort(400)
    plan = _plan(upload)
    if not plan.ok:
        flash(_("The import has problems and was not applied."), "error")
        return redirect(url_for("roster.preview", upload_id=upload.id))
    services.apply_import(plan, actor=current_user, filename=upload.filename, now=utcnow())
    db.session.delete(upload)
    db.session.commit()
    flash(
        _(
            "Import applied: %(created)s created, %(updated)s updated, %(deactivated)s deactivated.",
            created=len(plan.creates),
            updated=len(plan.updates),
            deactivated=len(plan.deactivations),
        ),
        "success",
    )
    return redirect(url_for("org.people"))


@bp.post("/<int:upload_id>/discard")
@admin_required
def discard(upload_id: int):
    """Throw away a previewed import."""
    upload = _own_upload(upload_id)
    if not ApplyForm().validate_on_submit():
        abort(400)
    db.session.delete(upload)
    db.session.commit()
    flash(_("The import was discarded; nothing was changed."), "info")
    return redirect(url_for("roster.upload"))
