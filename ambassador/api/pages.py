"""The coordinator's page of API tokens: list, create (the token shown once) and revoke."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ambassador.api import tokens
from ambassador.api.forms import RevokeForm, TokenForm
from ambassador.api.models import ApiToken
from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.org.access import staff_required

bp = Blueprint("api_tokens", __name__, url_prefix="/api/tokens")


def _page(form: TokenForm, new_token: str | None = None, status: int = 200):
    """The list of tokens with the creation form, and a new token to show once."""
    body = render_template(
        "api/tokens.html",
        tokens=tokens.active_tokens_first(),
        form=form,
        revoke_form=RevokeForm(),
        new_token=new_token,
    )
    return body, status


@bp.get("")
@staff_required
def index():
    """Every API token: who made it, when it was last used, whether it still works."""
    return _page(TokenForm())


@bp.post("")
@staff_required
def create():
    """Create a token and show it, once."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    try:
        row, token = tokens.create(form.name.data, actor=current_user, now=utcnow())
    except tokens.TokenError as error:
        db.session.rollback()
        form.name.errors = [*form.name.errors, error.message]
        return _page(form, status=400)
    db.session.commit()
    flash(_("Token “%(name)s” created. Copy it now: it will not be shown again.", name=row.name), "success")
    return _page(TokenForm(formdata=None), new_token=token)


@bp.post("/<int:token_id>/revoke")
@staff_required
def revoke(token_id: int):
    """Revoke a token: it stops working at once."""
    row = db.get_or_404(ApiToken, token_id)
    if RevokeForm().validate_on_submit():
        tokens.revoke(row, actor=current_user, now=utcnow())
        db.session.commit()
        flash(_("Token “%(name)s” revoked: it no longer works.", name=row.name), "success")
    else:
        flash(_("The form expired. Please go back, reload and try again."), "error")
    return redirect(url_for("api_tokens.index"))
