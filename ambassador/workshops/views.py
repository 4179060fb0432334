"""An ambassador's workshops: record one, see them, correct or withdraw one within 14 days."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ambassador.clock import local_day, utcnow
from ambassador.db import db
from ambassador.org.access import ambassador_required, served_office_ids, visible_offices
from ambassador.org.models import Office
from ambassador.training import catalogue
from ambassador.web import query_id
from ambassador.workshops import queries, services
from ambassador.workshops.forms import WithdrawForm, WorkshopForm
from ambassador.workshops.models import Workshop

bp = Blueprint("workshops", __name__, url_prefix="/workshops")


def _eligible() -> dict[int, str]:
    """Published modules a workshop counts for, with their titles in the reader's language."""
    modules = catalogue.published_modules()
    return {m.id: m.text(current_user.locale).title for m in modules if m.workshop_eligible}


def _form(office: Office, titles: dict[int, str], **data) -> WorkshopForm:
    """The workshop form for an office: its eligible modules and its people."""
    form = WorkshopForm(**data)
    form.module.choices = list(titles.items())
    form.attendees.choices = queries.office_people(office.id)
    return form


def _save(form: WorkshopForm, office: Office, save) -> bool:
    """Run `save(module, day, attendee ids)`; show a refusal on its field. True when saved.

    An attendee who is not one of the office's people is refused with 403, and nothing is recorded.
    """
    choices = {str(person_id) for person_id, _name in form.attendees.choices}
    if request.method == "POST" and not set(request.form.getlist("attendees")) <= choices:
        abort(403)
    if not form.validate_on_submit():
        return False
    try:
        save(catalogue.published_module(form.module.data), form.held_on.data, form.attendees.data or [])
    except services.NotAllowed:
        db.session.rollback()
        abort(403)
    except services.WorkshopError as error:
        db.session.rollback()
        getattr(form, error.field or "submit", form.submit).errors.append(str(error))
        return False
    db.session.commit()
    return True


@bp.get("")
@ambassador_required
def mine():
    """The workshops held in the offices the ambassador serves, newest first."""
    offices = {o.id: o for o in visible_offices(current_user) if o.id in served_office_ids(current_user)}
    titles = {m.id: m.text(current_user.locale).title for m in catalogue.published_modules()}
    workshops = queries.workshops_in(offices)
    now = utcnow()
    return render_template(
        "workshops/mine.html",
        workshops=workshops,
        offices=offices,
        titles=titles,
        correctable={w.id for w in workshops if services.correctable(w, now)},
        eligible=_eligible(),
        withdraw=WithdrawForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@ambassador_required
def new():
    """Record a workshop in one of the ambassador's offices (chosen first when they serve several)."""
    served = [o for o in visible_offices(current_user) if o.id in served_office_ids(current_user)]
    office_id = query_id("office")
    office = next((o for o in served if o.id == office_id), served[0] if len(served) == 1 else None)
    if office is None:
        return render_template("workshops/choose_office.html", offices=served)
    titles = _eligible()
    form = _form(office, titles, held_on=local_day(utcnow(), office.timezone))

    def save(module, held_on, attendees):
        services.record_workshop(current_user, office, module, held_on, attendees, utcnow())

    if titles and _save(form, office, save):
        flash(_("The workshop is recorded: each attendee has completed the module."), "success")
        return redirect(url_for("workshops.mine"))
    return render_template("workshops/form.html", form=form, office=office, titles=titles, workshop=None)


def _workshop(workshop_id: int) -> Workshop:
    """A workshop in one of the ambassador's offices, else 404 or 403."""
    workshop = db.get_or_404(Workshop, workshop_id)
    if not services.can_record(current_user, workshop.office_id):
        abort(403)
    return workshop


@bp.route("/<int:workshop_id>/edit", methods=["GET", "POST"])
@ambassador_required
def edit(workshop_id: int):
    """Correct a workshop's day and attendees within 14 days of recording it."""
    workshop = _workshop(workshop_id)
    office = db.session.get(Office, workshop.office_id)
    titles = _eligible()
    data = {"module": workshop.module_id, "held_on": workshop.held_on}
    form = _form(office, titles, **data, attendees=[a.person_id for a in workshop.attendees])
    form.module.choices = [(workshop.module_id, titles.get(workshop.module_id, ""))]

    def save(module, held_on, attendees):
        services.correct_workshop(workshop, current_user, module, held_on, attendees, utcnow())

    if request.method == "POST" and _save(form, office, save):
        flash(_("The workshop is corrected, and its attendees' completions with it."), "success")
        return redirect(url_for("workshops.mine"))
    return render_template("workshops/form.html", form=form, office=office, titles=titles, workshop=workshop)


@bp.post("/<int:workshop_id>/withdraw")
@ambassador_required
def withdraw(workshop_id: int):
    """Withdraw a workshop and the completions it gave, within 14 days of recording it."""
    workshop = _workshop(workshop_id)
    if WithdrawForm().validate_on_submit():
        try:
            services.withdraw_workshop(workshop, current_user, utcnow())
        except services.WorkshopError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The workshop is withdrawn, and the completions it gave with it."), "success")
    return redirect(url_for("workshops.mine"))
