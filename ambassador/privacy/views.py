"""A person's profile and their own data; the administrator's erasure and retention pages."""

import json

from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.org.access import admin_required
from ambassador.org.forms import ROLE_LABELS
from ambassador.org.models import Person
from ambassador.org.services import OrgError
from ambassador.personal import pseudonym as pseudonym_of
from ambassador.privacy import queries, services
from ambassador.privacy.forms import EraseForm
from ambassador.web import page_number

bp = Blueprint("privacy", __name__)
PAGE_ROWS = 200  # rows of a section on the page (the latest); the download has every row


@bp.get("/profile")
@login_required
def profile():
    """The signed-in person's profile, with the way to their data."""
    return render_template("privacy/profile.html", person=current_user, roles=ROLE_LABELS)


@bp.get("/profile/data")
@login_required
def my_data():
    """Everything the system holds about the signed-in person, as a page."""
    sections = queries.my_data(current_user)
    return render_template("privacy/data.html", sections=sections, now=utcnow(), page_rows=PAGE_ROWS)


@bp.get("/profile/data.json")
@login_required
def my_data_json():
    """Everything the system holds about the signed-in person, as a JSON download."""
    now = utcnow()
    data = queries.as_json(current_user, queries.my_data(current_user), now)
    filename = f"ambassador-my-data-{now.date().isoformat()}.json"
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/admin/people/<int:person_id>/erase", methods=["GET", "POST"])
@admin_required
def erase(person_id: int):
    """Say what erasing a person does; erase them once the administrator confirms."""
    person = db.get_or_404(Person, person_id)
    form = EraseForm()
    if person.erased_at is None and form.validate_on_submit():
        try:
            pseudonym = services.erase(person, actor=current_user, now=utcnow())
        except OrgError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(
                _("The person has been erased. They are now known as %(pseudonym)s.", pseudonym=pseudonym),
                "success",
            )
            return redirect(url_for("org.person", person_id=person_id))
    return render_template("privacy/erase.html", person=person, form=form, pseudonym=pseudonym_of(person.id))


@bp.get("/admin/retention")
@admin_required
def retention():
    """Who the nightly retention job erases next, and when (nothing is erased from here)."""
    now, months = utcnow(), current_app.config["RETENTION_MONTHS"]
    return render_template(
        "privacy/retention.html",
        months=months,
        page=queries.upcoming(now, months, page_number()) if months else None,
        due=queries.due_count(now, months) if months else 0,
        next_run=queries.next_run(now),
    )
