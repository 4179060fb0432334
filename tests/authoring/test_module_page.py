"""A module's authoring page: its dates and versions, who passed, the preview's way back."""

from datetime import timedelta

from ambassador.authoring.questions import ChoiceInput, QuestionInput, save_question
from ambassador.completions.services import record_completion
from ambassador.db import db
from tests.factories import make_module, make_person


def _edit(module, coordinator, when) -> None:
    """Change the first question of a published module, which makes a new version."""
    question = QuestionInput(
        "single", {"en": "Changed?"}, {}, [ChoiceInput({"en": "Yes"}, True), ChoiceInput({"en": "No"}, False)]
    )
    save_question(module, 0, question, actor=coordinator, now=when)


def test_a_module_shows_when_it_and_each_version_was_published(client, org, now):
    two_years_ago = now - timedelta(days=730)
    module = make_module(published_at=two_years_ago)
    module.versions[0].created_at = now  # made today, as the demo's modules are, published long ago
    _edit(module, org.coordinator, now - timedelta(days=100))
    db.session.commit()
    client.login(org.coordinator.email)
    page = client.get(f"/authoring/{module.id}").get_data(as_text=True)
    assert "First published on Mar 2, 2024" in page
    assert "Version 1 · published on Mar 2, 2024" in page
    assert "Version 2 · published on Nov 22, 2025" in page


def test_a_draft_says_it_is_not_published_yet(client, org):
    module = make_module(published=False)
    client.login(org.coordinator.email)
    page = client.get(f"/authoring/{module.id}").get_data(as_text=True)
    assert "Version 1 · not published yet · 6 questions" in page and "First published" not in page


def test_the_page_runs_the_same_statements_for_one_version_and_five(client, org, now, count_statements):
    module = make_module()
    url = f"/authoring/{module.id}"
    client.login(org.coordinator.email)

    def count() -> int:
        with count_statements() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    one = count()
    for day in range(4):
        _edit(module, org.coordinator, now + timedelta(days=day + 1))
    db.session.commit()
    assert len(module.versions) == 5
    assert count() == one


def test_who_passed_lists_each_person_once_with_their_latest_completion(client, org, now):
    module = make_module()
    for days_ago in (700, 300, 5):
        record_completion(org.employee, module, method="import", completed_at=now - timedelta(days=days_ago))
    record_completion(org.colleague_in_oslo, module, method="import", completed_at=now - timedelta(days=40))
    db.session.commit()
    client.login(org.coordinator.email)
    page = client.get(f"/authoring/{module.id}/passes").get_data(as_text=True)
    assert page.count("Elin Employee") == 1 and "Feb 25, 2026" in page and "May 6, 2025" not in page
    assert "Ola Nordmann" in page and "2 people" in page
    oslo = client.get(f"/authoring/{module.id}/passes?office={org.oslo.id}").get_data(as_text=True)
    assert "Ola Nordmann" in oslo and "Elin Employee" not in oslo
    assert f'<option value="{org.oslo.id}" selected>Oslo</option>' in oslo


def test_who_passed_pages_through_people_not_completions(client, org, now):
    module = make_module()
    for n in range(51):
        person = make_person(org.oslo, email=f"p{n}@example.com", name=f"Person {n:02}")
        record_completion(person, module, method="import", completed_at=now - timedelta(days=n + 1))
        record_completion(person, module, method="import", completed_at=now - timedelta(hours=n + 1))
    db.session.commit()
    client.login(org.coordinator.email)
    second = client.get(f"/authoring/{module.id}/passes?page=2").get_data(as_text=True)
    assert "51 people" in second and "Person 50" in second and second.count("Person ") == 1


def test_not_now_in_a_preview_leads_back_to_the_module(client, org):
    module = make_module(content_warning=True, published=False)
    client.login(org.coordinator.email)
    warning = client.get(f"/authoring/{module.id}/preview").get_data(as_text=True)
    assert f'<a href="/authoring/{module.id}">Not now</a>' in warning
