"""Coverage over time: a server-side SVG line and its data table, for any line of the trend."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from ambassador import clock
from ambassador.completions.models import Method
from ambassador.completions.services import record_completion
from ambassador.db import db
from ambassador.reports.snapshots import take
from tests.factories import make_module

PUBLISHED = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


@pytest.fixture
def history(org):
    """Weekly snapshots from January to March while people pass one by one."""
    basics = make_module(title="Basics", published_at=PUBLISHED, grace_days=30)
    db.session.commit()
    people = [org.employee, org.ambassador, org.coordinator, org.admin, org.colleague_in_oslo]
    day = PUBLISHED
    for week in range(10):
        day = PUBLISHED + timedelta(days=7 * week)
        if week < len(people):
            record_completion(people[week], basics, method=Method.QUIZ, completed_at=day)
        take(day)
        db.session.commit()
    clock.set_clock(lambda: day + timedelta(hours=1))
    return basics


def test_the_company_line_is_drawn_with_its_table(client, org, history):
    client.login(org.coordinator.email)
    page = client.get("/reports/trend").get_data(as_text=True)
    assert "Coverage over time: the company" in page
    assert 'role="img"' in page and '<title id="trend-title">' in page
    assert "From 20% on Jan 5, 2026 to 100% on Mar 9, 2026" in page  # the description says it in words
    points = re.search(r'<polyline class="trend-line" points="([^"]+)"', page).group(1).split()
    assert len(points) == 10
    ys = [float(p.split(",")[1]) for p in points]
    assert ys == sorted(ys, reverse=True)  # coverage only grows: y goes up the page
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td class="num">(.*?)</td>', page)
    assert rows == [
        ("Jan 5, 2026", "20%"),
        ("Feb 2, 2026", "100%"),
        ("Mar 2, 2026", "100%"),
        ("Mar 9, 2026", "100%"),
    ]


def test_a_country_office_or_module_line(client, org, history):
    client.login(org.coordinator.email)
    assert "Coverage over time: Norway" in client.get("/reports/trend?scope=country&key=no").get_data(
        as_text=True
    )
    page = client.get(f"/reports/trend?scope=office&key={org.stockholm.id}").get_data(as_text=True)
    assert "Coverage over time: Stockholm" in page
    page = client.get(f"/reports/trend?scope=module&key={history.id}").get_data(as_text=True)
    assert "Coverage over time: Basics" in page


@pytest.mark.parametrize(
    "query", ["scope=country&key=ZZ", "scope=office&key=999", "scope=planet&key=x", "scope=module&key=a"]
)
def test_an_unknown_line_says_so_and_shows_the_company(client, org, history, query):
    client.login(org.coordinator.email)
    response = client.get(f"/reports/trend?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "There is no such office, country or module" in page and "the company" in page


def test_before_any_snapshot_the_page_says_so(client, org):
    client.login(org.coordinator.email)
    assert "No figures for this line yet" in client.get("/reports/trend").get_data(as_text=True)
