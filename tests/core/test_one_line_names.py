"""Names of offices, people and modules are one line: no line breaks or control characters."""

import pytest
import sqlalchemy as sa

from ambassador.db import db
from ambassador.org.models import Office
from ambassador.training.models import ModuleText
from tests.factories import make_module

MESSAGE = "Use one line of text, without line breaks, tabs or other control characters."
BAD_NAMES = ["Bergen\r\nBcc: all@example.com", "Bergen\tOffice", "Berg\u2028en", "Berg\u202een", "Berg\x7fen"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_an_office_name_with_a_control_character_is_refused_on_the_field(client, org, name):
    client.login(org.admin.email)
    form = {"name": name, "country": "NO", "timezone": "Europe/Oslo", "language": "en"}
    response = client.post_form("/admin/offices/new", form)
    assert response.status_code == 200 and MESSAGE in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Office)) == 2


def test_renaming_an_office_with_a_line_break_changes_nothing(client, org):
    client.login(org.admin.email)
    form = {"name": "Oslo\nSouth", "country": "NO", "timezone": "Europe/Oslo", "language": "en"}
    page = client.post_form(f"/admin/offices/{org.oslo.id}/edit", form).get_data(as_text=True)
    assert MESSAGE in page
    db.session.refresh(org.oslo)
    assert org.oslo.name == "Oslo"


def test_a_person_name_with_a_line_break_is_refused_on_the_field(client, org):
    client.login(org.admin.email)
    person = org.colleague_in_oslo
    form = {"name": "Ola\nNordmann", "office": org.oslo.id, "language": "", "role": "employee"}
    page = client.post_form(f"/admin/people/{person.id}", form).get_data(as_text=True)
    assert MESSAGE in page
    db.session.refresh(person)
    assert person.name == "Ola Nordmann"


def test_a_module_title_with_a_line_break_is_refused_but_content_keeps_its_tabs(client, org):
    module = make_module(title="Basics")
    db.session.commit()
    client.login(org.coordinator.email)
    url = f"/authoring/{module.id}/texts/en"
    page = client.post_form(url, {"title": "Basics\nPart 2", "content": "## Hi"}).get_data(as_text=True)
    assert MESSAGE in page
    assert db.session.scalar(sa.select(ModuleText.title).where(ModuleText.language == "en")) == "Basics"
    content = "## Steps\n\n1. Read\n2. Answer\n\n    code\twith a tab\n"
    assert client.post_form(url, {"title": "Basics, part 2", "content": content}).status_code == 302
    saved = db.session.scalar(sa.select(ModuleText).where(ModuleText.language == "en"))
    assert (saved.title, saved.content) == ("Basics, part 2", content)


def test_the_rule_holds_behind_the_forms_too(org, now):
    """An import or a command reaches the services without a form: the services refuse too."""
    import pytest

    from ambassador.authoring import services as authoring
    from ambassador.org import services as org_services
    from tests.factories import make_module

    module = make_module()
    with pytest.raises(authoring.AuthoringError) as refused:
        authoring.save_text(
            module,
            "en",
            title="Portable\r\nBcc: all@example.com",
            summary="",
            content="",
            actor=None,
            now=now,
        )
    assert refused.value.field == "title"
    with pytest.raises(org_services.OrgError):
        org_services.save_office(
            None,
            name="HQ\u202e",
            country="SE",
            timezone="Europe/Stockholm",
            language="en",
            actor=None,
            now=now,
        )
    with pytest.raises(org_services.OrgError):
        org_services.update_person(
            org.employee, name="Elin\nEmployee", office=org.stockholm, language=None, actor=None, now=now
        )
