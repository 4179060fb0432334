"""Module settings: one set of defaults, the dates they give, whose dates a change moves, the audit."""

import re
from dataclasses import asdict
from datetime import timedelta

import pytest
import sqlalchemy as sa

from ambassador.audit.models import AuditEvent
from ambassador.authoring.questions import delete_question
from ambassador.authoring.services import MODULE_SETTINGS, AuthoringError, Settings, publish, save_settings
from ambassador.completions.models import Completion
from ambassador.completions.services import record_completion
from ambassador.db import db
from ambassador.training.models import MODULE_DEFAULTS, Module
from tests.factories import make_module


def _form(module: Module, **changes) -> dict:
    """The settings form of `module` as a browser would post it, with `changes`."""
    values = {name: getattr(module, name) for name in MODULE_SETTINGS} | changes
    data = {name: "" if value is None else str(value) for name, value in values.items()}
    for flag in (name for name, value in values.items() if isinstance(value, bool)):  # checkboxes
        data[flag] = "y" if values[flag] else ""
    return data


def test_a_new_module_starts_from_the_same_defaults_in_model_rules_and_form(client, org, now):
    settings = asdict(Settings())
    assert {name: settings[name] for name in MODULE_SETTINGS} == MODULE_DEFAULTS
    bare = Module(created_at=now)
    db.session.add(bare)
    db.session.flush()
    assert {name: getattr(bare, name) for name in MODULE_SETTINGS} == MODULE_DEFAULTS
    client.login(org.coordinator.email)
    page = client.get("/authoring/new").get_data(as_text=True)
    for name in ("estimated_minutes", "pass_mark", "draw_count", "grace_days", "validity_months"):
        assert re.search(rf'<input [^>]*name="{name}"[^>]* value="{MODULE_DEFAULTS[name]}"', page), name
    assert re.search(r'<input checked[^>]* name="is_quiz"', page)


def test_days_to_complete_show_the_due_date_of_staff_and_of_a_new_joiner(client, org, now):
    module = make_module(grace_days=30, published_at=now - timedelta(days=10))
    client.login(org.coordinator.email)
    page = client.get(f"/authoring/{module.id}/settings").get_data(as_text=True)
    assert "Days to complete" in page and "Grace period" not in page
    assert "Staff already here when it was published on Feb 20, 2026 are due by Mar 22, 2026." in page
    assert "A new joiner who starts today is due by Apr 1, 2026" in page
    draft = client.post_form("/authoring/new", {**_form(module), "show_dates": "y"}).get_data(as_text=True)
    assert "Published today, staff already here would be due by Apr 1, 2026." in draft


def test_a_published_module_says_whose_dates_a_change_moves_before_saving(client, org, now):
    module = make_module(validity_months=12)
    record_completion(org.employee, module, method="import", completed_at=now - timedelta(days=3))
    record_completion(org.ambassador, module, method="import", completed_at=now - timedelta(days=800))
    draft = make_module(title="Draft", published=False)
    client.login(org.coordinator.email)
    page = client.get(f"/authoring/{module.id}/settings").get_data(as_text=True)
    assert "Passes held now (1) keep their expiry dates." in page
    assert "when the refresher opens for every pass, those held now included" in page
    assert "whose-dates-change" not in client.get(f"/authoring/{draft.id}/settings").get_data(as_text=True)


def test_a_longer_validity_leaves_the_expiry_of_passes_held_now(client, org, now):
    module = make_module(validity_months=12)
    held = record_completion(org.employee, module, method="import", completed_at=now - timedelta(days=3))
    expiry = held.expires_at
    client.login(org.coordinator.email)
    assert (
        client.post_form(f"/authoring/{module.id}/settings", _form(module, validity_months=24)).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(Module, module.id).validity_months == 24
    assert db.session.get(Completion, held.id).expires_at == expiry


def test_a_settings_change_is_audited_field_by_field(client, org, now):
    module = make_module(title="Basics", pass_mark=80, grace_days=30)
    client.login(org.coordinator.email)
    client.post_form(f"/authoring/{module.id}/settings", _form(module, pass_mark=70, grace_days=14))
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "module.settings"))
    assert event.summary == f"module {module.id} (Basics)"
    assert event.changes == {"pass_mark": [80, 70], "grace_days": [30, 14]}


def test_an_audience_of_offices_names_who_was_added(org, now):
    module = make_module(title="Basics")
    save_settings(
        module,
        Settings(audience="offices", office_ids=[org.oslo.id, org.stockholm.id], draw_count=4),
        actor=org.coordinator,
        now=now,
    )
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "module.settings"))
    assert event.changes["audience"] == ["everyone", "offices"]
    assert event.changes["offices"] == [None, "Oslo, Stockholm"]


def test_offices_chosen_as_audience_but_none_picked_marks_the_offices_field(client, org):
    module = make_module()
    client.login(org.coordinator.email)
    response = client.post_form(f"/authoring/{module.id}/settings", _form(module, audience="offices"))
    assert response.status_code == 200
    assert 'id="offices-error">Choose at least one office.' in response.get_data(as_text=True)


@pytest.mark.parametrize("where", ["publish", "settings", "delete"])
def test_a_draw_is_no_larger_than_the_pool_wherever_it_could_grow(org, now, where):
    module = make_module(questions=3, draw=3, published=where != "publish")
    with pytest.raises(AuthoringError) as error:
        if where == "publish":
            module.draw_count = 4
            publish(module, actor=org.coordinator, now=now)
        elif where == "settings":
            save_settings(module, Settings(draw_count=4), actor=org.coordinator, now=now)
        else:
            delete_question(module, 0, actor=org.coordinator, now=now)
    assert "A try would draw" in error.value.message and error.value.field == "draw_count"
