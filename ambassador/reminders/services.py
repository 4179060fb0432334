"""Changing a module's reminder plan.

A change takes effect from the moment it is saved: rules apply forward, so a new plan never sends
the reminders its days would have brought in the past (`reminders.schedule`).
"""

from dataclasses import asdict
from datetime import datetime

from ambassador.audit.services import diff, record
from ambassador.db import db
from ambassador.errors import UserError
from ambassador.reminders.models import PLAN_DEFAULTS, ReminderPlan
from ambassador.reminders.schedule import Rules
from ambassador.training.models import Module

# Ranges of the numeric plan settings, (lowest, highest); the form uses the same table.
PLAN_LIMITS = {"days_before": (1, 90), "overdue_every": (1, 90), "overdue_max": (0, 12)}


class PlanError(UserError):
    """A plan the rules refuse; the message names the field."""


def plan_of(module: Module) -> ReminderPlan | None:
    """The module's plan row, if it has one (without one it follows the defaults)."""
    return db.session.get(ReminderPlan, module.id)


def check_plan(rules: Rules) -> None:
    """Every number within its range."""
    for name, (low, high) in PLAN_LIMITS.items():
        value = getattr(rules, name)
        if value is not None and not low <= value <= high:
            raise PlanError(f"{name} out of range", field=name)


def save_plan(module: Module, rules: Rules, *, actor, now: datetime) -> ReminderPlan:
    """Give a module this plan from `now` on; the caller commits. An unchanged plan changes nothing."""
    check_plan(rules)
    plan = plan_of(module)
    before = Rules.of(plan)
    if plan is not None and before == rules:
        return plan
    if plan is None:
        plan = ReminderPlan(module_id=module.id, **PLAN_DEFAULTS)
        db.session.add(plan)
    for name, value in asdict(rules).items():
        setattr(plan, name, value)
    plan.starts_at = now
    changes = diff(asdict(before), asdict(rules))
    summary = module.reference if changes else f"{module.reference}: plan started"
    record(actor, "reminders.plan", summary, now, changes=changes)
    db.session.flush()
    return plan
