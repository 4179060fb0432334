"""An office's training: colleagues by status, filters, access, and nudges that never become spam."""

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from ambassador import clock
from ambassador.audit.models import AuditEvent
from ambassador.completions.models import Method, Standing
from ambassador.completions.services import record_completion
from ambassador.completions.status import Status
from ambassador.db import db
from ambassador.mail.delivery import deliver
from ambassador.mail.models import OutboxMessage, State
from ambassador.reminders import nudges
from ambassador.reminders.models import Nudge
from ambassador.reports.office import training
from ambassador.training.models import Audience
from tests.factories import make_module, make_person

PUBLISHED = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def modules(org):
    """Basics (everyone overdue but two) and Policy (due in the future)."""
    basics = make_module(title="Basics", published_at=PUBLISHED, grace_days=30)
    policy = make_module(title="Policy", published_at=NOW - timedelta(days=1), grace_days=30)
    for person in (org.employee, org.coordinator):
        record_completion(person, basics, method=Method.QUIZ, completed_at=NOW - timedelta(days=3))
    db.session.commit()
    clock.set_clock(lambda: NOW)
    return basics, policy


def _names(page: str) -> list[str]:
    return re.findall(r'<h2 class="colleague-name"><a href="/reports/people/\d+">(.*?)</a></h2>', page)


def _nudges() -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == "nudge")))


def test_the_ambassador_sees_colleagues_most_behind_first_and_the_office_figure(client, org, modules):
    client.login(org.ambassador.email)
    page = client.get(f"/reports/offices/{org.stockholm.id}").get_data(as_text=True)
    # Stockholm: 4 people x 2 modules = 8 required; 2 valid (Basics); 2 overdue (Basics); 4 to do (Policy)
    assert "2 valid of 8 required; 2 overdue, 4 to do, 0 open for renewal" in page and "25%" in page
    assert _names(page)[:2] == ["Alva Admin", "Amir Ambassador"]  # overdue first, then by name
    assert set(_names(page)) == {"Alva Admin", "Amir Ambassador", "Cora Coordinator", "Elin Employee"}
    assert "Ola Nordmann" not in page


def test_filters_by_status_and_module(client, org, modules):
    basics, policy = modules
    client.login(org.ambassador.email)
    office = f"/reports/offices/{org.stockholm.id}"
    assert _names(client.get(f"{office}?status=current").get_data(as_text=True)) == [
        "Cora Coordinator",
        "Elin Employee",
    ]
    assert len(_names(client.get(f"{office}?status=to_do&module={policy.id}").get_data(as_text=True))) == 4
    assert _names(client.get(f"{office}?status=to_do&module={basics.id}").get_data(as_text=True)) == []
    page = client.get(f"{office}?status=lost&module=abc")
    assert page.status_code == 200
    assert "There is no such status" in page.get_data(as_text=True)


def test_an_ambassador_cannot_see_or_nudge_another_office(client, org, modules):
    basics, _policy = modules
    client.login(org.ambassador.email)
    assert client.get(f"/reports/offices/{org.oslo.id}").status_code == 403
    url = f"/reports/offices/{org.oslo.id}/people/{org.colleague_in_oslo.id}/nudge/{basics.id}"
    assert client.post_form(url).status_code == 403
    assert _nudges() == []


def test_a_nudge_goes_through_the_outbox_once_a_week_at_most(client, org, modules, smtp_server):
    basics, _policy = modules
    client.login(org.ambassador.email)
    office = f"/reports/offices/{org.stockholm.id}"
    url = f"{office}/people/{org.admin.id}/nudge/{basics.id}"
    page = client.post_form(url, follow_redirects=True).get_data(as_text=True)
    assert "Alva Admin will get your reminder in a minute." in page
    assert "nudged Mar 2, 2026" in page
    again = client.post_form(url, follow_redirects=True).get_data(as_text=True)
    assert "was nudged about this module less than 7 days ago" in again
    deliver()
    [received] = [r for r in smtp_server.received if r.rcpt_tos == [org.admin.email]]
    assert received.message["Subject"] == "A reminder from Amir Ambassador: Basics"
    assert "it is overdue" in received.part("plain")
    assert f"https://ambassador.test/training/{basics.id}" in received.part("plain")
    assert db.session.scalar(sa.select(AuditEvent.action).where(AuditEvent.action == "nudge.sent"))
    clock.set_clock(lambda: NOW + timedelta(days=7))
    client.login(org.ambassador.email)  # a week later: a new session
    assert "will get your reminder" in client.post_form(url, follow_redirects=True).get_data(as_text=True)
    assert len(_nudges()) == 2


def test_nobody_up_to_date_is_nudged(client, org, modules):
    basics, _policy = modules
    client.login(org.ambassador.email)
    url = f"/reports/offices/{org.stockholm.id}/people/{org.employee.id}/nudge/{basics.id}"
    page = client.post_form(url, follow_redirects=True).get_data(as_text=True)
    assert "Elin Employee is up to date with this module" in page
    assert _nudges() == []


def test_an_ambassador_does_not_nudge_themself(client, org, modules):
    basics, _policy = modules
    client.login(org.ambassador.email)
    office = f"/reports/offices/{org.stockholm.id}"
    page = client.get(office).get_data(as_text=True)
    assert f'Nudge<span class="visually-hidden"> {org.ambassador.name}:' not in page
    assert f'Nudge<span class="visually-hidden"> {org.admin.name}:' in page
    url = f"{office}/people/{org.ambassador.id}/nudge/{basics.id}"
    page = client.post_form(url, follow_redirects=True).get_data(as_text=True)
    assert "Your own training is on My training: no nudge needed." in page
    assert _nudges() == []


def test_a_nudge_without_a_csrf_token_sends_nothing(client, org, modules):
    basics, _policy = modules
    client.login(org.ambassador.email)
    url = f"/reports/offices/{org.stockholm.id}/people/{org.admin.id}/nudge/{basics.id}"
    assert client.post(url, data={}).status_code == 400
    assert _nudges() == []


def test_a_nudge_is_dropped_if_the_colleague_completes_before_it_goes_out(org, modules, smtp_server):
    basics, _policy = modules
    nudges.nudge(org.admin, basics, actor=org.ambassador, now=NOW)
    record_completion(org.admin, basics, method=Method.QUIZ, completed_at=NOW + timedelta(seconds=10))
    db.session.commit()
    clock.set_clock(lambda: NOW + timedelta(minutes=1))
    deliver()
    assert smtp_server.received == []
    assert _nudges()[0].state == State.DROPPED


def test_two_ambassadors_nudging_at_once_send_one(app, org, modules):
    """Two requests in parallel: the person's row lock lets one nudge through (both databases)."""
    basics, _policy = modules
    second = make_person(org.stockholm, "ambassador", name="Bo Second")
    db.session.commit()
    ids = (org.admin.id, basics.id)
    results = []

    def send(actor_id):
        with app.app_context():
            from ambassador.org.models import Person
            from ambassador.training.models import Module

            try:
                nudges.nudge(
                    db.session.get(Person, ids[0]),
                    db.session.get(Module, ids[1]),
                    actor=db.session.get(Person, actor_id),
                    now=NOW,
                )
                db.session.commit()
                results.append("sent")
            except nudges.NudgeError:
                db.session.rollback()
                results.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=send, args=(actor,)) for actor in (org.ambassador.id, second.id)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["refused", "sent"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Nudge)) == 1
    assert len(_nudges()) == 1


def test_a_colleague_opens_with_their_status_and_completions(client, org, modules):
    basics, _policy = modules
    client.login(org.ambassador.email)
    page = client.get(f"/reports/people/{org.employee.id}").get_data(as_text=True)
    assert "<h1>Elin Employee</h1>" in page
    assert re.search(r"Basics</span> <span class=\"badge badge-current\">Current", page)
    assert re.search(r"Policy</span> <span class=\"badge badge-to_do\">To do", page)
    assert "Quiz passed" in page and "Feb 27, 2026" in page
    assert client.get(f"/reports/people/{org.colleague_in_oslo.id}").status_code == 403  # not his office
    client.logout()
    client.login(org.coordinator.email)
    assert client.get(f"/reports/people/{org.colleague_in_oslo.id}").status_code == 200
    client.logout()
    client.login(org.employee.email)
    assert client.get(f"/reports/people/{org.admin.id}").status_code == 403


def test_each_colleague_comes_with_their_status_for_every_module_required_of_them(org, modules):
    basics, policy = modules
    oslo_only = make_module(title="Oslo only", published_at=PUBLISHED, audience=Audience.OFFICES)
    oslo_only.audience_offices = [org.oslo]
    db.session.commit()
    found = training(org.stockholm, [basics, policy, oslo_only], NOW)
    by_name = {colleague.name: colleague.statuses for colleague in found.page.items}
    assert by_name["Elin Employee"] == {basics.id: Status.CURRENT, policy.id: Status.TO_DO}
    assert by_name["Alva Admin"] == {basics.id: Status.OVERDUE, policy.id: Status.TO_DO}  # not Oslo's
    oslo = training(org.oslo, [basics, policy, oslo_only], NOW).page.items
    assert [c.statuses[oslo_only.id] for c in oslo] == [Status.OVERDUE]


def _figure(client, office) -> str:
    page = client.get(f"/reports/offices/{office.id}").get_data(as_text=True)
    return re.search(r"\d+ valid of \d+ required; [^<]*", page).group(0)


def test_asked_again_later_the_same_day_the_page_counts_at_the_later_moment(client, org, modules):
    """The worker keeps the page's statements for the office's day; each request counts at its own time."""
    basics, _policy = modules
    standing = db.session.get(Standing, (org.employee.id, basics.id))
    expires = standing.expires_at  # Elin's and Cora's Basics expire at the same moment, 13:00 in Stockholm
    clock.set_clock(lambda: expires - timedelta(hours=1))
    client.login(org.ambassador.email)
    assert _figure(client, org.stockholm) == "2 valid of 8 required; 6 overdue, 0 to do, 2 open for renewal"
    clock.set_clock(lambda: expires + timedelta(hours=1))
    client.login(org.ambassador.email)  # two hours later: signed out for idleness
    assert _figure(client, org.stockholm) == "0 valid of 8 required; 8 overdue, 0 to do, 0 open for renewal"


def test_at_the_offices_midnight_after_the_due_date_the_page_counts_the_new_day(client, org, modules):
    """Due dates are the office's days: the statements kept for one day are not used for the next."""
    _basics, policy = modules  # published on 1 March in Stockholm, 30 days to complete: due on 31 March
    stockholm_midnight = datetime(2026, 3, 31, 22, 0, tzinfo=UTC)  # 1 April 00:00 there (summer time)
    clock.set_clock(lambda: stockholm_midnight - timedelta(minutes=1))
    client.login(org.ambassador.email)
    assert _figure(client, org.stockholm) == "2 valid of 8 required; 2 overdue, 4 to do, 0 open for renewal"
    clock.set_clock(lambda: stockholm_midnight)
    assert _figure(client, org.stockholm) == "2 valid of 8 required; 6 overdue, 0 to do, 0 open for renewal"


def test_after_a_module_changes_the_page_counts_by_the_new_rules(client, org, modules):
    """The statements kept with the catalogue are built again once the catalogue changes."""
    _basics, policy = modules
    client.login(org.ambassador.email)
    assert _figure(client, org.stockholm) == "2 valid of 8 required; 2 overdue, 4 to do, 0 open for renewal"
    policy.audience = Audience.OFFICES
    policy.audience_offices = [org.oslo]
    db.session.commit()
    assert _figure(client, org.stockholm) == "2 valid of 4 required; 2 overdue, 0 to do, 0 open for renewal"
