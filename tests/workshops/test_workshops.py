"""Workshops: recorded by an ambassador, each attendee completes; corrected or withdrawn for 14 days."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from ambassador import clock
from ambassador.completions.models import Completion, Method, Standing
from ambassador.db import db
from ambassador.workshops.models import Workshop
from tests.factories import make_module, make_person

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # a Wednesday, 11:00 in Stockholm


@pytest.fixture
def module(org):
    """A published module a workshop counts for."""
    module = make_module(
        title="Holding a workshop", published_at=NOW - timedelta(days=60), workshop_eligible=True
    )
    db.session.commit()
    clock.set_clock(lambda: NOW)
    return module


def _form(client, module, held_on="2026-03-03", attendees=(), office=None):
    data = {"module": module.id, "held_on": held_on, "attendees": [str(a) for a in attendees]}
    return client.post_form(f"/workshops/new?office={office}" if office else "/workshops/new", data)


def _completions(person) -> list[Completion]:
    return list(db.session.scalars(sa.select(Completion).where(Completion.person_id == person.id)))


def test_recording_a_workshop_completes_the_module_for_each_attendee(client, org, module):
    client.login(org.ambassador.email)
    page = client.get("/workshops/new").get_data(as_text=True)
    assert "Elin Employee" in page and "Ola Nordmann" not in page  # his office's people only
    response = _form(client, module, attendees=[org.employee.id, org.admin.id])
    assert response.status_code == 302
    [completion] = _completions(org.employee)
    assert completion.method == Method.WORKSHOP
    assert completion.completed_at == datetime(2026, 3, 3, 11, 0, tzinfo=UTC)  # noon in Stockholm
    standing = db.session.get(Standing, (org.employee.id, module.id))
    assert standing.completion_id == completion.id
    listing = client.get("/workshops").get_data(as_text=True)
    assert "Mar 3, 2026" in listing and "Holding a workshop" in listing
    assert re.search(r'<td class="num">2</td>', listing)


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        ("2026-03-05", "cannot be in the future"),
        ("2025-11-01", "Record workshops held in the last 90 days."),
        ("yesterday", "Write the day as YYYY-MM-DD."),
    ],
)
def test_a_bad_day_is_refused_on_its_field_and_nothing_is_recorded(client, org, module, held_on, message):
    client.login(org.ambassador.email)
    page = _form(client, module, held_on=held_on, attendees=[org.employee.id]).get_data(as_text=True)
    assert message in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Workshop)) == 0
    assert _completions(org.employee) == []


def test_no_attendee_or_a_module_that_does_not_count_is_refused(client, org, module):
    other = make_module(title="Not for workshops", published_at=NOW - timedelta(days=60))
    db.session.commit()
    client.login(org.ambassador.email)
    assert "Choose at least one attendee." in _form(client, module).get_data(as_text=True)
    page = _form(client, other, attendees=[org.employee.id]).get_data(as_text=True)
    assert "Not a valid choice" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Workshop)) == 0


def test_people_outside_the_ambassadors_offices_are_refused_with_403(client, org, module):
    client.login(org.ambassador.email)
    response = _form(client, module, attendees=[org.employee.id, org.colleague_in_oslo.id])
    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Workshop)) == 0
    assert _completions(org.colleague_in_oslo) == [] and _completions(org.employee) == []
    assert client.get(f"/workshops/new?office={org.oslo.id}").status_code == 200  # falls back to his office
    client.logout()
    client.login(org.employee.email)
    assert client.get("/workshops/new").status_code == 403


def test_the_same_workshop_twice_is_recorded_once(client, org, module):
    client.login(org.ambassador.email)
    _form(client, module, attendees=[org.employee.id])
    page = _form(client, module, attendees=[org.employee.id]).get_data(as_text=True)
    assert "already recorded in this office" in page
    assert len(_completions(org.employee)) == 1


def test_correcting_a_workshop_changes_the_completions_with_it(client, org, module):
    client.login(org.ambassador.email)
    _form(client, module, attendees=[org.employee.id, org.admin.id])
    workshop = db.session.scalar(sa.select(Workshop))
    data = {
        "module": module.id,
        "held_on": "2026-03-02",
        "attendees": [str(org.admin.id), str(org.coordinator.id)],
    }
    assert client.post_form(f"/workshops/{workshop.id}/edit", data).status_code == 302
    assert _completions(org.employee) == []  # removed: no completion, no standing
    assert db.session.get(Standing, (org.employee.id, module.id)) is None
    [admin] = _completions(org.admin)
    assert admin.completed_at.date() == date(2026, 3, 2)
    assert len(_completions(org.coordinator)) == 1


def test_withdrawing_removes_the_completions_and_their_certificates_stop_verifying(client, org, module):
    client.login(org.ambassador.email)
    _form(client, module, attendees=[org.employee.id])
    [completion] = _completions(org.employee)
    code = completion.code
    assert client.get(f"/verify/{code}").status_code == 200
    workshop = db.session.scalar(sa.select(Workshop))
    client.post_form(f"/workshops/{workshop.id}/withdraw")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Workshop)) == 0
    assert _completions(org.employee) == []
    assert db.session.get(Standing, (org.employee.id, module.id)) is None
    assert "Elin Employee" not in client.get(f"/verify/{code}").get_data(as_text=True)


def test_after_14_days_a_workshop_can_no_longer_be_corrected_or_withdrawn(client, org, module):
    client.login(org.ambassador.email)
    _form(client, module, attendees=[org.employee.id])
    workshop = db.session.scalar(sa.select(Workshop))
    clock.set_clock(lambda: NOW + timedelta(days=14, minutes=1))
    client.login(org.ambassador.email)
    page = client.post_form(f"/workshops/{workshop.id}/withdraw", follow_redirects=True).get_data(
        as_text=True
    )
    assert "can be withdrawn for 14 days" in page
    assert len(_completions(org.employee)) == 1


def test_another_offices_ambassador_cannot_touch_a_workshop(client, org, module):
    client.login(org.ambassador.email)
    _form(client, module, attendees=[org.employee.id])
    workshop = db.session.scalar(sa.select(Workshop))
    client.logout()
    make_person(org.oslo, "ambassador", email="oslo-amb@example.com")
    db.session.commit()
    client.login("oslo-amb@example.com")
    assert client.post_form(f"/workshops/{workshop.id}/withdraw").status_code == 403
    assert client.get(f"/workshops/{workshop.id}/edit").status_code == 403
    assert len(_completions(org.employee)) == 1


def test_the_coordinator_sees_ambassador_activity(client, org, module):
    client.login(org.ambassador.email)
    _form(client, module, attendees=[org.employee.id, org.admin.id])
    _form(client, module, held_on="2026-02-20", attendees=[org.employee.id])
    client.logout()
    client.login(org.coordinator.email)
    page = client.get("/reports/activity").get_data(as_text=True)
    row = re.search(r"<tr><th scope=\"row\">Amir Ambassador</th>(.*?)</tr>", page).group(1)
    cells = re.findall(r'<td class="num">(\d+)</td>', row)
    assert "Stockholm" in row and cells == ["2", "2"]  # two workshops, two different people reached
