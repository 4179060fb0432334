"""The Apply and Discard buttons of an import's preview, for any import's blueprint.

The feature's view checks who may import, then hands over its upload model, its endpoints and
the service that applies a file.
"""

from collections.abc import Callable

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ambassador.db import db
from ambassador.importing import uploads
from ambassador.importing.csvfile import FileError
from ambassador.importing.forms import ApplyForm, DiscardForm


def upload(form, store: Callable, *, show_endpoint: str):
    """Store the form's file and go on to its preview; None to show the form again.

    `store(filename, data)` is the feature's service; a file it cannot read gets the reason on
    the file field, and nothing is kept.
    """
    if not form.validate_on_submit():
        return None
    try:
        stored = store(form.file.data.filename or "import.csv", form.file.data.read())
    except FileError as error:
        form.file.errors.append(error.message)
        return None
    db.session.commit()
    return redirect(url_for(show_endpoint, token=stored.token))


def find_own(model, token: str):
    """The upload at `token`, None when there is none; 404 for someone else's pending file."""
    upload = uploads.find(model, token)
    if upload is not None and upload.applied_at is None and upload.uploaded_by_id != current_user.id:
        abort(404)
    return upload


def gone(upload_endpoint: str):
    """Back to the upload form, saying that this import no longer exists."""
    flash(
        _("This import was discarded or has expired, so nothing was applied. Upload the file again."), "info"
    )
    return redirect(url_for(upload_endpoint))


def apply(
    model,
    token: str,
    apply_upload: Callable,
    *,
    endpoints: tuple[str, str],
    done: Callable[[dict], str],
    form: ApplyForm | None = None,
):
    """Apply a previewed file once, all or nothing, and say what it did.

    `apply_upload(token, digest)` is the feature's service; `endpoints` are the upload form and
    the import's page; `done(summary)` is the message shown after a successful apply; `form` is
    the feature's own apply form when it asks more than the Apply button (read it in `apply_upload`).
    """
    upload_endpoint, show_endpoint = endpoints
    form = form or ApplyForm()
    if not form.validate_on_submit():
        abort(400)
    find_own(model, token)
    try:
        applied = apply_upload(token, form.digest.data or "")
    except uploads.UploadGone:
        db.session.rollback()
        return gone(upload_endpoint)
    except uploads.UploadError as error:
        db.session.rollback()
        flash(error.message, "info" if isinstance(error, uploads.AlreadyApplied) else "error")
        return redirect(url_for(show_endpoint, token=token))
    db.session.commit()
    flash(done(applied.summary), "success")
    return redirect(url_for(show_endpoint, token=token))


def discard(model, token: str, discard_upload: Callable[[str], None], *, endpoints: tuple[str, str]):
    """Throw away a previewed file; an applied import stays.

    `discard_upload(token)` is the feature's service (it discards and audits).
    """
    upload_endpoint, show_endpoint = endpoints
    if not DiscardForm().validate_on_submit():
        abort(400)
    find_own(model, token)
    try:
        discard_upload(token)
    except uploads.UploadError as error:
        db.session.rollback()
        flash(error.message, "info")
        return redirect(url_for(show_endpoint, token=token))
    db.session.commit()
    flash(_("The import was discarded; nothing was changed."), "info")
    return redirect(url_for(upload_endpoint))
