"""Images for module content and support contacts per country, for coordinators."""

import sqlalchemy as sa
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ambassador.assets import services
from ambassador.assets.forms import ContactForm, ImageForm
from ambassador.assets.models import CountryContact, ModuleImage
from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.org.access import staff_required
from ambassador.web import query_id

bp = Blueprint("assets", __name__, url_prefix="/authoring")


@bp.post("/images")
@staff_required
def upload_image():
    """Upload an image and get the Markdown line that shows it."""
    form = ImageForm()
    module_id = query_id("module")
    back = url_for("authoring.module", module_id=module_id) if module_id else url_for("authoring.modules")
    if not form.validate_on_submit():
        flash(_("Choose an image to upload."), "error")
        return redirect(back)
    try:
        image = services.save_image(form.image.data.read(), actor=current_user, now=utcnow())
    except services.AssetError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(back)
    db.session.commit()
    flash(
        _(
            "Image uploaded. Paste this line into the content: %(line)s",
            line=f"![]({url_for('assets.image', image_id=image.id)})",
        ),
        "success",
    )
    return redirect(back)


@bp.get("/images/<int:image_id>", endpoint="image")
@login_required
def image(image_id: int):
    """Serve an uploaded image to signed-in people."""
    stored = db.get_or_404(ModuleImage, image_id)
    return Response(
        stored.data, mimetype=stored.content_type, headers={"Cache-Control": "private, max-age=86400"}
    )


@bp.route("/contacts", methods=["GET", "POST"])
@staff_required
def contacts():
    """Support and reporting contacts per country, shown with content warnings."""
    form = ContactForm()
    if request.method == "GET" and request.args.get("country"):
        existing = db.session.get(CountryContact, request.args["country"][:2])
        form.country.data = request.args["country"][:2]
        if existing:
            form.support.data, form.reporting.data = existing.support, existing.reporting
    if form.validate_on_submit():
        services.save_contact(
            form.country.data,
            support=form.support.data or "",
            reporting=form.reporting.data or "",
            actor=current_user,
            now=utcnow(),
        )
        db.session.commit()
        flash(_("The contacts have been saved."), "success")
        return redirect(url_for("assets.contacts"))
    saved = db.session.scalars(sa.select(CountryContact).order_by(CountryContact.country)).all()
    return render_template("assets/contacts.html", form=form, saved=saved)
