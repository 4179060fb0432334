"""The outbox page, for administrators: every message, its state, and what the person receives."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.mail import queries, services
from ambassador.mail.forms import RetryForm
from ambassador.mail.labels import STATE_LABELS
from ambassador.mail.models import OutboxMessage
from ambassador.org.access import admin_required
from ambassador.web import page_number

bp = Blueprint("mail", __name__, url_prefix="/admin/mail")

# The HTML of an email is shown in a sandboxed frame: no script, no form, nothing fetched, and
# only this site may frame it.
EMAIL_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'; sandbox"
)


@bp.get("")
@admin_required
def outbox():
    """The newest messages first, filtered by state and kind."""
    kinds = queries.kinds()
    filters = {
        "state": request.args.get("state", "") if request.args.get("state") in STATE_LABELS else "",
        "kind": request.args.get("kind", "") if request.args.get("kind") in kinds else "",
    }
    return render_template(
        "mail/outbox.html",
        page=queries.messages(page_number(), **filters),
        filters=filters,
        kinds=kinds,
        counts=queries.state_counts(),
        emailing=bool(current_app.config["SMTP_HOST"]),
    )


@bp.get("/<int:message_id>")
@admin_required
def message(message_id: int):
    """One message as the person receives it: its HTML and its text, and how its delivery went."""
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template("mail/message.html", m=message, form=RetryForm())


@bp.get("/<int:message_id>/html")
@admin_required
def message_html(message_id: int):
    """The HTML part alone, for the sandboxed frame on the message's page."""
    message = db.get_or_404(OutboxMessage, message_id)
    if not message.html_body:
        abort(404)
    response = make_response(message.html_body)
    response.headers["Content-Security-Policy"] = EMAIL_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.post("/<int:message_id>/retry")
@admin_required
def retry(message_id: int):
    """Queue a failed message again."""
    message = db.get_or_404(OutboxMessage, message_id)
    if RetryForm().validate_on_submit():
        try:
            services.retry(message, current_user, utcnow())
        except services.OutboxError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("The message will be sent again within a minute."), "success")
    return redirect(url_for("mail.message", message_id=message.id))
