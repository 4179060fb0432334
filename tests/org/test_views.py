"""Office and people pages through the client."""

import sqlalchemy as sa

from ambassador.db import db
from ambassador.org.models import Office, Person, Role
from tests.factories import make_office, make_person


def test_admin_creates_an_office(client, org):
    client.login(org.admin.email)
    response = client.post_form(
        "/admin/offices/new", {"name": "Bergen", "country": "NO", "timezone": "Europe/Oslo", "language": "en"}
    )
    assert response.location == "/admin/offices"
    office = db.session.scalar(sa.select(Office).where(Office.name == "Bergen"))
    assert (office.country, office.timezone) == ("NO", "Europe/Oslo")


def test_bad_office_input_keeps_what_was_typed_and_saves_nothing(client, org):
    client.login(org.admin.email)
    page = client.post_form(
        "/admin/offices/new", {"name": "Atlantis", "country": "XX", "timezone": "Sea/Deep", "language": "fi"}
    ).get_data(as_text=True)
    assert page.count("Not a valid choice") == 3
    assert 'value="Atlantis"' in page
    assert db.session.scalar(sa.select(Office).where(Office.name == "Atlantis")) is None


def test_duplicate_office_name_is_shown_on_the_field(client, org):
    client.login(org.admin.email)
    page = client.post_form(
        "/admin/offices/new", {"name": "oslo", "country": "NO", "timezone": "Europe/Oslo", "language": "en"}
    ).get_data(as_text=True)
    assert "An office with this name already exists." in page


def test_admin_makes_someone_ambassador_of_two_offices(client, org):
    client.login(org.admin.email)
    person = org.colleague_in_oslo
    response = client.post_form(
        f"/admin/people/{person.id}",
        {
            "name": person.name,
            "office": org.oslo.id,
            "language": "",
            "role": "employee",
            "offices": [org.oslo.id, org.stockholm.id],
        },
    )
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.role == "employee"
    assert {o.name for o in person.served_offices} == {"Oslo", "Stockholm"}
    page = client.get(f"/admin/people/{person.id}").get_data(as_text=True)
    assert "Ambassador for</dt><dd>Oslo, Stockholm</dd>" in page


def test_a_coordinator_who_serves_an_office_sees_both_menus(client, org):
    client.login(org.admin.email)
    coordinator = org.coordinator
    form = {"name": coordinator.name, "office": org.stockholm.id, "language": "", "role": "coordinator"}
    client.post_form(f"/admin/people/{coordinator.id}", {**form, "offices": [org.oslo.id]})
    client.logout()
    client.login(coordinator.email)
    page = client.get("/training").get_data(as_text=True)
    for entry in ("/reports", "/offices", "/authoring", "/my-offices", "/training"):
        assert f'href="{entry}"' in page
    assert client.get("/").location.endswith("/reports")  # the coverage dashboard is her home
    assert client.get("/my-offices").status_code == 200


def test_role_errors_are_shown_and_nothing_changes(client, org):
    client.login(org.admin.email)
    page = client.post_form(
        f"/admin/people/{org.admin.id}",
        {"name": "Renamed", "office": org.stockholm.id, "language": "", "role": "employee", "offices": []},
    ).get_data(as_text=True)
    assert "This would leave no active administrator" in page
    assert 'value="Renamed"' in page  # what was typed is kept
    db.session.refresh(org.admin)
    assert (org.admin.name, org.admin.role) == ("Alva Admin", "admin")


def test_admin_deactivates_and_reactivates(client, org):
    client.login(org.admin.email)
    person = org.colleague_in_oslo
    client.post_form(f"/admin/people/{person.id}/deactivate")
    db.session.refresh(person)
    assert not person.active
    listing = client.get("/admin/people?status=inactive").get_data(as_text=True)
    assert person.name in listing
    client.post_form(f"/admin/people/{person.id}/reactivate")
    db.session.refresh(person)
    assert person.active


def test_admin_cannot_deactivate_themselves(client, org):
    make_person(org.stockholm, Role.ADMIN)
    client.login(org.admin.email)
    page = client.post_form(f"/admin/people/{org.admin.id}/deactivate", follow_redirects=True)
    assert "You cannot deactivate yourself." in page.get_data(as_text=True)


def test_people_search_and_filters(client, org):
    client.login(org.admin.email)
    page = client.get("/admin/people?q=nordmann").get_data(as_text=True)
    assert "Ola Nordmann" in page and "Elin Employee" not in page
    page = client.get(f"/admin/people?office={org.oslo.id}").get_data(as_text=True)
    assert "Ola Nordmann" in page and "Elin Employee" not in page
    page = client.get("/admin/people?role=coordinator").get_data(as_text=True)
    assert "Cora Coordinator" in page and "Elin Employee" not in page


def test_malformed_query_parameters_are_harmless(client, org):
    client.login(org.admin.email)
    for query in ("page=abc", "page=-4", "page=99999", "office=x", "role=king", "status=weird", "q=%25_%5C"):
        assert client.get(f"/admin/people?{query}").status_code == 200, query
    client.logout()
    client.login(org.coordinator.email)
    assert client.get("/offices?country=ZZZZ&page=0").status_code == 200


def test_ambassador_sees_own_office_colleagues_only(client, org):
    client.login(org.ambassador.email)
    home = client.get("/my-offices").get_data(as_text=True)
    assert "Stockholm" in home and "Oslo" not in home
    page = client.get(f"/offices/{org.stockholm.id}").get_data(as_text=True)
    assert "Elin Employee" in page and "Ola Nordmann" not in page
    assert client.get(f"/offices/{org.oslo.id}").status_code == 403


def test_coordinator_finds_offices_without_an_ambassador(client, org):
    client.login(org.coordinator.email)
    page = client.get("/offices?without_ambassador=1").get_data(as_text=True)
    assert "Oslo" in page and ">Stockholm<" not in page


def test_deactivated_ambassador_does_not_count(client, org):
    org.ambassador.active = False
    db.session.commit()
    client.login(org.coordinator.email)
    page = client.get("/offices?without_ambassador=1").get_data(as_text=True)
    assert ">Stockholm<" in page


def _grow(offices: int, people_per_office: int) -> None:
    """Add offices with people and an ambassador each."""
    for _ in range(offices):
        office = make_office()
        make_person(office, "ambassador")
        for _ in range(people_per_office):
            db.session.add(Person(email=f"p{office.id}-{_}@example.com", name="P", office=office))
    db.session.commit()


def test_page_statement_counts_do_not_grow_with_the_data(client, org, count_statements):
    client.login(org.coordinator.email)
    pages = ["/offices", f"/offices/{org.stockholm.id}", "/admin/people"]

    def counts():
        result = []
        for url in pages:
            with count_statements() as counter:
                assert client.get(url).status_code in (200, 403)
            result.append(counter.count)
        return result

    small = counts()
    _grow(offices=12, people_per_office=8)
    assert counts() == small
    client.logout()
    client.login(org.admin.email)
    small = counts()
    _grow(offices=12, people_per_office=8)
    assert counts() == small
