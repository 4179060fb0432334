"""Roster import for administrators: upload, preview, apply, and the record of each import."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.org.access import admin_required
from ambassador.roster import queries, services, uploads
from ambassador.roster.forms import ApplyForm, DiscardForm, UploadForm
from ambassador.roster.models import RosterUpload
from ambassador.roster.parse import RosterFileError

bp = Blueprint("roster", __name__, url_prefix="/admin/roster")


def _find(token: str) -> RosterUpload | None:
    """The upload at `token`, None when there is none; 404 for another administrator's pending file."""
    upload = uploads.find(token)
    if upload is not None and upload.applied_at is None and upload.uploaded_by_id != current_user.id:
        abort(404)
    return upload


def _gone():
    """Back to the upload form, saying that this import no longer exists."""
    flash(
        _("This import was discarded or has expired, so nothing was applied. Upload the file again."), "info"
    )
    return redirect(url_for("roster.upload"))


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
        except RosterFileError as error:
            form.file.errors.append(error.message)
        else:
            db.session.commit()
            return redirect(url_for("roster.show", token=stored.token))
    return render_template("roster/upload.html", form=form, recent=queries.recent_imports())


@bp.get("/<token>")
@admin_required
def show(token: str):
    """What the import would do and every bad row (nothing is written), or what it did once applied."""
    upload = _find(token)
    if upload is None:
        return _gone()
    if upload.applied_at is not None:
        applied = queries.applied_import(token)
        return render_template("roster/applied.html", applied=applied, limit=services.LIST_LIMIT)
    plan = services.plan_import(
        upload.content, full=upload.full, actor_id=current_user.id, languages=current_app.config["LANGUAGES"]
    )
    form = ApplyForm(digest=upload.sha256)
    return render_template(
        "roster/preview.html",
        upload=upload,
        plan=plan,
        form=form,
        discard_form=DiscardForm(),
        limit=services.LIST_LIMIT,
    )


@bp.post("/<token>/apply")
@admin_required
def apply(token: str):
    """Apply a previewed import, all or nothing, once."""
    form = ApplyForm()
    if not form.validate_on_submit():
        abort(400)
    _find(token)
    try:
        applied = uploads.apply_upload(
            token,
            form.digest.data or "",
            actor=current_user,
            now=utcnow(),
            languages=current_app.config["LANGUAGES"],
        )
    except uploads.UploadGone:
        db.session.rollback()
        return _gone()
    except uploads.UploadError as error:
        db.session.rollback()
        flash(error.message, "info" if isinstance(error, uploads.AlreadyApplied) else "error")
        return redirect(url_for("roster.show", token=token))
    db.session.commit()
    flash(
        _(
            "Import applied: %(created)s created, %(updated)s updated, %(deactivated)s deactivated.",
            created=applied.summary["created"],
            updated=applied.summary["updated"],
            deactivated=applied.summary["deactivated"],
        ),
        "success",
    )
    return redirect(url_for("roster.show", token=token))


@bp.post("/<token>/discard")
@admin_required
def discard(token: str):
    """Throw away a previewed import."""
    if not DiscardForm().validate_on_submit():
        abort(400)
    _find(token)
    try:
        uploads.discard(token, actor=current_user)
    except uploads.UploadError as error:
        db.session.rollback()
        flash(error.message, "info")
        return redirect(url_for("roster.show", token=token))
    db.session.commit()
    flash(_("The import was discarded; nothing was changed."), "info")
    return redirect(url_for("roster.upload"))
