"""Home page dispatch by role, the language switch and the health check."""

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify, redirect, request, session, url_for
from flask_login import current_user, login_required

from ambassador.auth.views import safe_next
from ambassador.core.forms import LanguageForm
from ambassador.db import db
from ambassador.i18n import LANGUAGE_KEY
from ambassador.org.models import Role

bp = Blueprint("core", __name__)

HOME = {
    Role.EMPLOYEE: "training.mine",
    Role.AMBASSADOR: "org.my_offices",
    Role.COORDINATOR: "org.offices",
    Role.ADMIN: "org.people",
}


@bp.get("/")
@login_required
def home():
    """Send each role to its own home page."""
    return redirect(url_for(HOME[Role(current_user.role)]))


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
