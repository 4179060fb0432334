"""Roster import for administrators: upload, preview, apply, and the record of each import."""

from flask import Blueprint, current_app, render_template
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ambassador.clock import utcnow
from ambassador.importing import views as imports
from ambassador.importing.forms import DiscardForm
from ambassador.org.access import admin_required
from ambassador.roster import queries, services, uploads
from ambassador.roster.forms import RosterApplyForm, UploadForm
from ambassador.roster.models import RosterUpload

bp = Blueprint("roster", __name__, url_prefix="/admin/roster")
ENDPOINTS = ("roster.upload", "roster.show")


@bp.route("", methods=["GET", "POST"])
@admin_required
def upload():
    """Upload an HR export; a readable file goes on to the preview."""
    form = UploadForm()

    def store(filename: str, data: bytes) -> RosterUpload:
        """Keep the file, full roster or not, for its preview."""
        return uploads.store(filename, data, full=form.full.data, actor=current_user, now=utcnow())

    preview = imports.upload(form, store, show_endpoint="roster.show")
    if preview is not None:
        return preview
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
    form = RosterApplyForm(digest=upload.sha256)
    form.count_invitations(len(plan.creates))
    return render_template(
        "roster/preview.html",
        upload=upload,
        plan=plan,
        form=form,
        discard_form=DiscardForm(),
        limit=services.LIST_LIMIT,
    )


def _done(summary: dict) -> str:
    """What an applied roster import did, in a sentence, and how many people were invited."""
    done = _(
        "Import applied: %(created)s created, %(updated)s updated, %(deactivated)s deactivated.",
        created=summary["created"],
        updated=summary["updated"],
        deactivated=summary["deactivated"],
    )
    if not summary.get("invited"):
        return done
    invited = ngettext(
        "%(num)s invitation is on its way.", "%(num)s invitations are on their way.", summary["invited"]
    )
    return f"{done} {invited}"


@bp.post("/<token>/apply")
@admin_required
def apply(token: str):
    """Apply a previewed import, all or nothing, once."""
    languages = current_app.config["LANGUAGES"]
    form = RosterApplyForm()

    def apply_upload(token: str, digest: str) -> RosterUpload:
        """The roster's apply for this administrator, now, inviting the new people if the box is ticked."""
        return uploads.apply_upload(
            token, digest, actor=current_user, now=utcnow(), languages=languages, invite=form.invite.data
        )

    return imports.apply(RosterUpload, token, apply_upload, endpoints=ENDPOINTS, done=_done, form=form)


@bp.post("/<token>/discard")
@admin_required
def discard(token: str):
    """Throw away a previewed import."""

    def discard_upload(token: str) -> None:
        """The roster's discard for this administrator, now."""
        uploads.discard(token, actor=current_user, now=utcnow())

    return imports.discard(RosterUpload, token, discard_upload, endpoints=ENDPOINTS)
