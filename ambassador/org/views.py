"""Office and people pages for ambassadors, coordinators and administrators."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ambassador.audit import export as audit_export
from ambassador.audit import queries as audit_queries
from ambassador.audit import search as audit_search
from ambassador.audit.actions import kinds
from ambassador.clock import local_day, utcnow
from ambassador.db import db
from ambassador.exporting import csv_download
from ambassador.org import access, queries, services
from ambassador.org.access import admin_required, ambassador_required, staff_required
from ambassador.org.forms import PEOPLE_FILTERS, ConfirmForm, OfficeForm, PersonForm
from ambassador.org.models import Office, Person
from ambassador.web import page_number, query_id

bp = Blueprint("org", __name__)


@bp.get("/my-offices")
@ambassador_required
def my_offices():
    """An ambassador's offices, each with its headcount and ambassadors."""
    visible = access.office_filter(current_user, Office.id)
    page = queries.office_overview(
        visible=visible, office_ids=access.served_office_ids(current_user), page=page_number()
    )
    return render_template("org/my_offices.html", page=page)


@bp.get("/offices")
@staff_required
def offices():
    """Every office, filterable by country and by having no ambassador."""
    country = request.args.get("country", "")[:2]
    without = request.args.get("without_ambassador") == "1"
    visible = access.office_filter(current_user, Office.id)
    page = queries.office_overview(
        visible=visible, country=country, without_ambassador=without, page=page_number()
    )
    return render_template(
        "org/offices.html", page=page, countries=queries.countries(), country=country, without=without
    )


@bp.get("/offices/<int:office_id>")
@login_required
def office(office_id: int):
    """One office's colleagues, for its ambassadors, coordinators and administrators."""
    office = db.get_or_404(Office, office_id)
    if not access.can_view_office(current_user, office.id):
        abort(403)
    search = request.args.get("q", "")[:100]
    page = queries.office_people(office.id, search=search, page=page_number())
    ambassadors = queries.office_ambassadors(office.id)
    return render_template(
        "org/office.html", office=office, page=page, ambassadors=ambassadors, search=search
    )


@bp.get("/admin/offices")
@admin_required
def manage_offices():
    """Administrators' list of offices."""
    page = queries.office_overview(page=page_number())
    return render_template("org/manage_offices.html", page=page)


@bp.route("/admin/offices/new", methods=["GET", "POST"])
@bp.route("/admin/offices/<int:office_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_office(office_id: int | None = None):
    """Create or edit an office."""
    office = db.get_or_404(Office, office_id) if office_id else None
    form = OfficeForm(obj=office)
    if form.validate_on_submit():
        try:
            services.save_office(
                office,
                name=form.name.data,
                country=form.country.data,
                timezone=form.timezone.data,
                language=form.language.data,
                actor=current_user,
                now=utcnow(),
            )
        except services.OrgError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The office has been saved."), "success")
            return redirect(url_for("org.manage_offices"))
    return render_template("org/edit_office.html", form=form, office=office)


@bp.get("/admin/people")
@admin_required
def people():
    """The roster: search and filter people."""
    filters = {
        "search": request.args.get("q", "")[:100],
        "office_id": query_id("office"),
        "role": request.args.get("role", "") if request.args.get("role") in PEOPLE_FILTERS else "",
        "status": request.args.get("status", "active"),
    }
    page = queries.people(page=page_number(), **filters)
    return render_template(
        "org/people.html", page=page, filters=filters, offices=queries.all_offices(), roles=PEOPLE_FILTERS
    )


@bp.route("/admin/people/<int:person_id>", methods=["GET", "POST"])
@admin_required
def person(person_id: int):
    """Edit a person's details, role and the offices they serve as an ambassador."""
    person = db.get_or_404(Person, person_id)
    offices = queries.all_offices()
    form = PersonForm(offices, obj=person)
    if request.method == "GET":
        form.office.data = person.office_id
        form.offices.data = [office.id for office in person.served_offices]
        form.language.data = person.language or ""
    if form.validate_on_submit():
        by_id = {office.id: office for office in offices}
        try:
            now = utcnow()
            services.update_person(
                person,
                name=form.name.data,
                office=by_id[form.office.data],
                language=form.language.data,
                actor=current_user,
                now=now,
            )
            services.set_role(person, form.role.data, actor=current_user, now=now)
            served = [by_id[office_id] for office_id in form.offices.data]
            services.set_posts(person, served, actor=current_user, now=now)
        except services.OrgError as error:
            db.session.rollback()
            getattr(form, error.field or "role").errors.append(error.message)
        else:
            db.session.commit()
            flash(_("%(name)s has been saved.", name=person.name), "success")
            return redirect(url_for("org.person", person_id=person.id))
    return render_template("org/person.html", person=person, form=form, confirm=ConfirmForm())


@bp.post("/admin/people/<int:person_id>/<any(deactivate, reactivate):action>")
@admin_required
def set_active(person_id: int, action: str):
    """Deactivate someone who left, or bring them back."""
    person = db.get_or_404(Person, person_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    change = services.deactivate if action == "deactivate" else services.reactivate
    try:
        change(person, actor=current_user, now=utcnow())
    except services.OrgError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        if action == "deactivate":
            flash(_("%(name)s has been deactivated.", name=person.name), "success")
        else:
            flash(_("%(name)s has been reactivated.", name=person.name), "success")
    return redirect(url_for("org.person", person_id=person.id))


def _audit_filters(say_why: bool) -> audit_search.Filters:
    """The audit log's filters from the query string, in the reader's time zone; why one is dropped."""
    timezone = current_user.office.timezone
    filters, problems = audit_search.parse(request.args, timezone, queries.person_ids_matching)
    for problem in problems if say_why else ():
        flash(problem, "error")
    return filters


@bp.get("/admin/audit")
@admin_required
def audit_log():
    """The audit log, newest first, filtered by person, kind of change and days."""
    filters = _audit_filters(say_why=True)
    page = audit_queries.events(filters, page_number())
    return render_template("audit/log.html", page=page, filters=filters, kinds=kinds())


@bp.get("/admin/audit.csv")
@admin_required
def audit_download():
    """The filtered audit log as CSV (the page's link carries only filters that work)."""
    filters = _audit_filters(say_why=False)
    name = f"audit-log-{local_day(utcnow(), filters.timezone).isoformat()}.csv"
    return csv_download(audit_export.rows(filters), name)
