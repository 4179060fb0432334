"""Images in module content (uploaded on a module's text page) and contacts per country, for coordinators."""

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ambassador.assets import queries, services
from ambassador.assets.forms import CountryChoiceForm, contact_form
from ambassador.assets.models import ModuleImage
from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.org.access import is_staff, staff_required
from ambassador.org.countries import is_country

bp = Blueprint("assets", __name__, url_prefix="/authoring")


@bp.get("/images/<int:image_id>", endpoint="image")
@login_required
def image(image_id: int):
    """Serve an uploaded image: to staff always, to anyone signed in once a published module shows it.

    The rule, and why, is `queries.image_is_published`; any other image answers 404.
    """
    if not is_staff(current_user) and not queries.image_is_published(image_id):
        abort(404)
    stored = db.get_or_404(ModuleImage, image_id)
    return Response(
        stored.data, mimetype=stored.content_type, headers={"Cache-Control": "private, max-age=86400"}
    )


@bp.route("/contacts", methods=["GET", "POST"])
@staff_required
def contacts():
    """Which countries with offices have contacts, in which languages; `?country=` edits one."""
    chooser = CountryChoiceForm(request.args)
    country = request.args.get("country", "").upper()
    if country and is_country(country):
        return _edit_contacts(country)
    if country:
        chooser.country.errors = [_("Choose a country from the list.")]
    return render_template("assets/contacts.html", chooser=chooser, countries=queries.contact_overview())


def _edit_contacts(country: str):
    """Write one country's support and reporting contacts in every language."""
    languages = current_app.config["LANGUAGES"]
    form = contact_form(languages)()
    if request.method == "GET":
        for language, row in queries.contact_texts(country).items():
            if language in languages:
                getattr(form, f"support_{language}").data = row.support
                getattr(form, f"reporting_{language}").data = row.reporting
    if form.validate_on_submit():
        texts = {
            language: services.ContactText(
                getattr(form, f"support_{language}").data or "",
                getattr(form, f"reporting_{language}").data or "",
            )
            for language in languages
        }
        try:
            services.save_contacts(country, texts, languages=languages, actor=current_user, now=utcnow())
        except services.AssetError as error:
            db.session.rollback()
            getattr(form, error.field or "submit", form.submit).errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The contacts have been saved."), "success")
            return redirect(url_for("assets.contacts"))
    return render_template("assets/contact.html", form=form, country=country, languages=languages)
