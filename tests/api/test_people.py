"""GET /api/v1/people: an office's active people with their status per module, 50 a page."""

import pytest

from ambassador.db import db
from tests.factories import make_module, make_person


def test_an_office_s_people_with_their_status(call, org, figures):
    basics, oslo_only = figures
    answer = call(f"/api/v1/people?office={org.oslo.id}").get_json()
    assert (answer["office_id"], answer["office"], answer["page"], answer["pages"], answer["total"]) == (
        org.oslo.id,
        "Oslo",
        1,
        1,
        1,
    )
    assert answer["people"] == [
        {
            "id": org.colleague_in_oslo.id,
            "name": "Ola Nordmann",
            "email": "ola@example.com",
            "statuses": [
                {"module_id": basics.id, "status": "overdue"},
                {"module_id": oslo_only.id, "status": "to_do"},
            ],
        }
    ]
    assert {"module_id": basics.id, "title": "Basics"} in answer["modules"]
    stockholm = call(f"/api/v1/people?office={org.stockholm.id}").get_json()
    statuses = {p["name"]: [s["status"] for s in p["statuses"]] for p in stockholm["people"]}
    assert statuses["Elin Employee"] == ["current"]
    assert statuses["Amir Ambassador"] == ["overdue"]


def test_people_are_paged_fifty_at_a_time(call, org, figures):
    for n in range(60):
        make_person(org.oslo, email=f"person{n:02}@example.com", name=f"Person {n:02}")
    db.session.commit()
    first = call(f"/api/v1/people?office={org.oslo.id}").get_json()
    second = call(f"/api/v1/people?office={org.oslo.id}&page=2").get_json()
    assert (first["total"], first["pages"], len(first["people"])) == (61, 2, 50)
    assert (second["page"], len(second["people"])) == (2, 11)
    assert not {p["id"] for p in first["people"]} & {p["id"] for p in second["people"]}


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("", 400, "`office` is required"),
        ("office=abc", 400, "`office` must be a whole number"),
        ("office=-1", 400, "`office` must be a whole number"),
        ("office=99999999999", 400, "`office` must be a whole number"),
        ("office=999", 404, "There is no office with the id 999"),
        ("office={oslo}&page=0", 400, "`page` must be a whole number"),
        ("office={oslo}&page=two", 400, "`page` must be a whole number"),
        ("office={oslo}&page=3", 400, "`page` 3 is past the last page, 1"),
    ],
)
def test_bad_input_is_a_json_error(call, org, figures, query, status, message):
    response = call("/api/v1/people?" + query.format(oslo=org.oslo.id))
    assert response.status_code == status
    assert message in response.get_json()["error"]


def test_the_statements_do_not_grow_with_people_or_modules(call, org, figures, count_statements):
    url = f"/api/v1/people?office={org.stockholm.id}"
    call(url)
    counts = []
    for round_ in range(2):
        with count_statements() as counter:
            assert call(url).status_code == 200
        counts.append(counter.count)
        for n in range(5):
            make_person(org.stockholm, email=f"more{round_}{n}@example.com")
        make_module(title=f"Another {round_}")
        db.session.commit()
        call(url)  # the catalogue changed: loaded once again
    assert counts[0] == counts[1], counts
