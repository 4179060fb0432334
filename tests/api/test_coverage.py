"""GET /api/v1/coverage: the dashboard's figures from the snapshot, as JSON; bad input is a 400."""

import json
from datetime import timedelta

import pytest

from ambassador import web
from ambassador.db import db
from ambassador.reports.snapshots import take
from tests.coverage_figures import NOW
from tests.factories import make_module, make_office, make_person

COUNTS = ("required", "valid", "refresher_open", "overdue", "to_do")


def _figures(row: dict) -> tuple:
    return tuple(row[name] for name in COUNTS)


def test_per_office_by_hand(call, org, figures):
    response = call("/api/v1/coverage?by=office")
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["as_of"] == "2026-03-02T12:00:00Z"
    assert answer["rows"] == [
        {"office_id": org.oslo.id, "office": "Oslo", "country": "NO", "required": 2, "valid": 0,
         "refresher_open": 0, "overdue": 1, "to_do": 1, "coverage": 0.0},
        {"office_id": org.stockholm.id, "office": "Stockholm", "country": "SE", "required": 4, "valid": 2,
         "refresher_open": 0, "overdue": 2, "to_do": 0, "coverage": 0.5},
    ]  # fmt: skip


def test_the_answer_is_utf8_json_with_its_keys_in_the_documented_order(call, org, figures):
    org.oslo.name = "Malmö “Väst” \\ 東京"
    db.session.commit()
    response = call("/api/v1/coverage?by=office")
    assert response.mimetype == "application/json"
    answer = json.loads(response.data.decode("utf-8"))
    first = answer["rows"][0]
    assert first["office"] == "Malmö “Väst” \\ 東京"
    assert "Malmö" in response.data.decode("utf-8")  # written as UTF-8, not as \\u escapes
    assert list(answer) == ["as_of", "rows"]
    assert list(first) == ["office_id", "office", "country", *COUNTS, "coverage"]


def test_per_country_and_per_module_keep_only_their_keys(call, org, figures):
    basics, oslo_only = figures
    rows = call("/api/v1/coverage?by=country").get_json()["rows"]
    assert [(row["country"], _figures(row), row["coverage"]) for row in rows] == [
        ("NO", (2, 0, 0, 1, 1), 0.0),
        ("SE", (4, 2, 0, 2, 0), 0.5),
    ]
    assert all(set(row) == {"country", *COUNTS, "coverage"} for row in rows)
    rows = call("/api/v1/coverage?by=module").get_json()["rows"]
    assert [(row["module_id"], _figures(row), row["coverage"]) for row in rows] == [
        (basics.id, (5, 2, 0, 3, 0), 0.4),
        (oslo_only.id, (1, 0, 0, 0, 1), 0.0),
    ]
    assert all(set(row) == {"module_id", *COUNTS, "coverage"} for row in rows)


def test_filters_narrow_the_rows(call, org, figures):
    basics, oslo_only = figures
    rows = call("/api/v1/coverage?by=office&country=no").get_json()["rows"]
    assert [row["office"] for row in rows] == ["Oslo"]
    rows = call(f"/api/v1/coverage?by=office&module={oslo_only.id}").get_json()["rows"]
    assert [(row["office"], _figures(row)) for row in rows] == [("Oslo", (1, 0, 0, 0, 1))]
    rows = call(f"/api/v1/coverage?by=module&module={basics.id}&country=SE").get_json()["rows"]
    assert [_figures(row) for row in rows] == [(4, 2, 0, 2, 0)]


def test_a_past_day_gives_the_figures_as_they_stood(call, org, figures):
    answer = call("/api/v1/coverage?by=country&as_of=2026-03-01").get_json()
    assert answer["as_of"] == "2026-03-01T12:00:00Z"
    assert sum(row["valid"] for row in answer["rows"]) == 0
    assert sum(row["required"] for row in answer["rows"]) == 6


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "`by` must be one of office, country, module"),
        ("by=person", "`by` must be one of office, country, module"),
        ("by=office&as_of=yesterday", "must be a date written YYYY-MM-DD"),
        ("by=office&as_of=20260301", "must be a date written YYYY-MM-DD"),
        ("by=office&as_of=2026-02-30", "must be a date written YYYY-MM-DD"),
        ("by=office&as_of=2026-03-03", "is in the future"),
        ("by=office&as_of=2025-01-01", "is before the first snapshot, taken on 2026-03-01"),
        ("by=office&country=ZZ", "There is no office in the country “ZZ”"),
        ("by=office&module=999", "There is no module with the id 999"),
        ("by=office&module=%27;drop", "`module` must be a whole number"),
        ("by=office&module=0", "`module` must be a whole number"),
        ("by=office&module=99999999999999999999", "`module` must be a whole number"),
        ("by=office&module=%D9%A3", "`module` must be a whole number"),
        ("by=office&country=%00", "Bad request"),
    ],
)
def test_bad_input_is_a_400_in_json_saying_why(call, org, figures, query, message):
    response = call(f"/api/v1/coverage?{query}")
    assert response.status_code == 400
    assert response.is_json
    assert message in response.get_json()["error"]


def test_a_day_without_a_snapshot_says_so(call, org, figures):
    take(NOW - timedelta(days=3))
    db.session.commit()
    response = call("/api/v1/coverage?by=office&as_of=2026-02-28")
    assert response.status_code == 400
    assert response.get_json() == {"error": "No snapshot was taken on 2026-02-28."}


def test_before_the_first_snapshot_the_answer_is_503(call, org):
    response = call("/api/v1/coverage?by=office")
    assert response.status_code == 503
    assert "No coverage figures yet" in response.get_json()["error"]


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("POST", "/api/v1/coverage", 405),
        ("DELETE", "/api/v1/people", 405),
        ("GET", "/api/v1/nothing", 404),
        ("GET", "/api/v2/coverage", 404),
    ],
)
def test_errors_under_api_are_json_never_html(client, token, method, url, status):
    response = client.open(url, method=method, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == status
    assert response.is_json and "error" in response.get_json()


def test_the_statements_do_not_grow_with_people_offices_or_modules(call, org, figures, count_statements):
    call("/api/v1/coverage?by=office")  # the token's last use and the catalogue are noted once
    counts = []
    for round_ in range(2):
        with count_statements() as counter:
            for by in ("office", "country", "module"):
                assert call(f"/api/v1/coverage?by={by}&as_of=2026-03-02").status_code == 200
        counts.append(counter.count)
        for n in range(3):
            office = make_office(name=f"Bergen {round_}{n}", country="NO")
            make_person(office, email=f"p{round_}{n}@example.com")
            make_module(title=f"Extra {round_}{n}")
        db.session.commit()
        take(NOW)
        db.session.commit()
    assert counts[0] == counts[1], counts


def test_an_unexpected_error_under_api_is_json_too(app):
    with app.test_request_context("/api/v1/coverage?by=office"):
        response = web.render_error(500)
    assert response.status_code == 500 and response.get_json() == {
        "error": "An unexpected error occurred. It has been logged."
    }
    with app.test_request_context("/reports"):
        _body, status = web.render_error(500)
    assert status == 500
