"""The home page, the language switch and the health check."""

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify, redirect, request, session, url_for
from flask_login import current_user, login_required

from ambassador.core.forms import LanguageForm
from ambassador.db import db
from ambassador.features import navigation_for
from ambassador.i18n import LANGUAGE_KEY
from ambassador.web import safe_next

bp = Blueprint("core", __name__)


@bp.get("/")
@login_required
def home():
    """Send each person to their first navigation entry: what their roles and posts lead with."""
    return redirect(url_for(navigation_for(current_user)[0].endpoint))


@bp.post("/language")
def set_language():
    """Switch the interface language; a signed-in person's choice is kept on their profile."""
    form = LanguageForm()
    language = request.form.get("language")
    if form.validate_on_submit() and language in current_app.config["LANGUAGES"]:
        session[LANGUAGE_KEY] = language
        if current_user.is_authenticated:
            current_user.language = language
            db.session.commit()
    return redirect(safe_next(form.next.data) or url_for("core.home"))


@bp.get("/healthz")
def healthz():
    """200 when the database answers, 503 with the reason otherwise."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception as error:  # any failure of the database means "not healthy"
        db.session.rollback()
        reason = type(error).__name__
        return jsonify(status="error", database="unavailable", reason=reason), 503
    return jsonify(status="ok", database="ok")
