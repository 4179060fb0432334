"""A module's reminder plan, with the forecast of who is emailed on the next working days."""

from dataclasses import asdict

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.org.access import staff_required
from ambassador.reminders import planning, services
from ambassador.reminders.forms import PlanForm
from ambassador.reminders.schedule import Rules
from ambassador.training.models import Module

bp = Blueprint("reminders", __name__, url_prefix="/authoring")


def _rules_from(form: PlanForm) -> Rules:
    """The plan as typed."""
    return Rules(
        form.window_opens.data, form.days_before.data, form.on_due_date.data,
        form.overdue_every.data, form.overdue_max.data,
    )  # fmt: skip


def plan_context(module: Module, form: PlanForm | None = None, rules: Rules | None = None) -> dict:
    """What a plan's page (or the settings page's plan section) shows: the form and the forecast."""
    form = form or PlanForm(data=asdict(Rules.of(services.plan_of(module))))
    forecast = planning.plan_forecast(module, rules, utcnow())
    return {"module": module, "plan_form": form, "forecast": forecast, "unsaved": rules is not None}


@bp.route("/<int:module_id>/reminders", methods=["GET", "POST"])
@staff_required
def plan(module_id: int):
    """Change when a module's learners are reminded; the forecast shows what a change means first."""
    module = db.get_or_404(Module, module_id)
    form = PlanForm()
    if not form.validate_on_submit():
        return render_template("reminders/plan.html", **plan_context(module, form if form.errors else None))
    rules = _rules_from(form)
    if form.forecast.data:
        return render_template("reminders/plan.html", **plan_context(module, form, rules))
    services.save_plan(module, rules, actor=current_user, now=utcnow())
    db.session.commit()
    flash(_("The reminders have been saved. They apply from now on."), "success")
    return redirect(url_for("reminders.plan", module_id=module.id))
