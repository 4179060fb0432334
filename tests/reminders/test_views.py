"""A coordinator changes a module's reminder plan after seeing its forecast."""

import sqlalchemy as sa

from ambassador.audit.models import AuditEvent
from ambassador.db import db
from ambassador.reminders.models import ReminderPlan
from tests.factories import make_module

PLAN = {"window_opens": "y", "days_before": "7", "on_due_date": "y", "overdue_every": "7", "overdue_max": "4"}


def test_the_settings_page_shows_the_plan_and_its_forecast(client, org):
    module = make_module()
    client.login(org.coordinator.email)
    page = client.get(f"/authoring/{module.id}/settings").get_data(as_text=True)
    assert 'id="reminders"' in page and "forecast-heading" in page
    assert page.count("<tr><td>") >= 14  # fourteen working days


def test_the_forecast_shows_a_changed_plan_without_saving_it(client, org):
    module = make_module()
    client.login(org.coordinator.email)
    page = client.post_form(
        f"/authoring/{module.id}/reminders", {**PLAN, "overdue_max": "2", "forecast": "y"}
    ).get_data(as_text=True)
    assert "Forecast with this plan" in page and 'value="2"' in page  # what was typed is kept
    assert db.session.get(ReminderPlan, module.id) is None


def test_saving_a_plan_starts_it_now_and_is_audited(client, org, now):
    module = make_module()
    client.login(org.coordinator.email)
    response = client.post_form(
        f"/authoring/{module.id}/reminders", {**PLAN, "days_before": "", "overdue_max": "2"}
    )
    assert response.status_code == 302
    plan = db.session.get(ReminderPlan, module.id)
    assert (plan.days_before, plan.overdue_max, plan.starts_at) == (None, 2, now)
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "reminders.plan"))
    assert event.changes == {"days_before": [7, None], "overdue_max": [4, 2]}


def test_a_bad_plan_is_refused_on_its_field_and_nothing_changes(client, org):
    module = make_module()
    client.login(org.coordinator.email)
    page = client.post_form(f"/authoring/{module.id}/reminders", {**PLAN, "overdue_every": "0"}).get_data(
        as_text=True
    )
    assert 'id="overdue_every-error"' in page
    assert db.session.get(ReminderPlan, module.id) is None


def test_publishing_shows_how_many_people_would_be_emailed(client, org):
    draft = make_module(published=False)
    client.login(org.coordinator.email)
    page = client.get(f"/authoring/{draft.id}").get_data(as_text=True)
    assert "Published today, it would email" in page
