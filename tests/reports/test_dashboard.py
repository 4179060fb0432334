"""The coordinator's coverage dashboard: figures by hand, filters, sorting, past days, bad input."""

import csv
import html
import io
import re

import pytest

from ambassador import exporting
from ambassador.db import db
from ambassador.reports.snapshots import take
from tests.coverage_figures import NOW, PUBLISHED, two_days_of_figures
from tests.factories import make_module, make_office, make_person


@pytest.fixture
def figures(org):
    """The small organisation's figures on two days (tests/coverage_figures.py)."""
    return two_days_of_figures(org)


def _rows(page: str, caption: str) -> list[list[str]]:
    """The text of each body row of the table with `caption`."""
    table = re.search(rf"<caption[^>]*>{re.escape(caption)}</caption>(.*?)</table>", page, re.S).group(1)
    body = table.split("<tbody>")[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]
    return [[" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in row] for row in cells]


def test_the_figures_by_hand(client, org, figures):
    client.login(org.coordinator.email)
    page = client.get("/reports").get_data(as_text=True)
    # 6 (person, module) pairs required: 5 people for Basics, Ola for Oslo only; 2 valid
    assert "2 valid of 6 required; 3 overdue, 1 to do, 0 open for renewal" in page
    assert "33%" in page
    assert "As of Mar 2, 2026" in page
    assert 'href="/reports/definitions"' in page and "valid ÷ required" in page
    assert _rows(page, "Coverage per office") == [
        ["Oslo NO", "0%", "2", "0", "0", "1", "1"],  # lowest coverage first
        ["Stockholm SE", "50%", "4", "2", "0", "2", "0"],
    ]
    assert _rows(page, "Coverage per country")[0][0] == "Norway"
    assert [row[0] for row in _rows(page, "Coverage per module")] == ["Oslo only", "Basics"]


def test_filters_narrow_every_table(client, org, figures):
    basics, _oslo_only = figures
    client.login(org.coordinator.email)
    page = client.get("/reports?country=no").get_data(as_text=True)
    assert [row[0] for row in _rows(page, "Coverage per office")] == ["Oslo NO"]
    page = client.get(f"/reports?module={basics.id}").get_data(as_text=True)
    assert "2 valid of 5 required" in page
    page = client.get("/reports?audience=offices").get_data(as_text=True)
    assert "0 valid of 1 required" in page


def test_a_past_day_shows_the_figures_as_they_stood(client, org, figures):
    client.login(org.coordinator.email)
    page = client.get("/reports?as_of=2026-03-01").get_data(as_text=True)
    assert "figures as they stood on Mar 1, 2026" in page
    assert "0 valid of 6 required" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("as_of=yesterday", "is not a date: write it as YYYY-MM-DD"),
        ("as_of=2026-03-09", "There are no figures after 2026-03-02 yet"),
        ("as_of=2025-01-01", "The first figures are from 2026-03-01"),
        ("country=ZZ", "There is no office in the country"),
        ("module=999", "There is no such module"),
        ("module=%27;drop", "There is no such module"),
        ("audience=aliens", "There is no such audience"),
    ],
)
def test_bad_filters_say_so_and_show_the_default(client, org, figures, query, message):
    client.login(org.coordinator.email)
    response = client.get(f"/reports?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page


def test_columns_sort_both_ways_and_an_unknown_sort_is_the_default(client, org, figures):
    client.login(org.coordinator.email)
    page = client.get("/reports?office_sort=required&office_order=desc").get_data(as_text=True)
    assert [row[0] for row in _rows(page, "Coverage per office")] == ["Stockholm SE", "Oslo NO"]
    assert 'aria-sort="descending"' in page
    page = client.get("/reports?office_sort=name").get_data(as_text=True)
    assert [row[0] for row in _rows(page, "Coverage per office")] == ["Oslo NO", "Stockholm SE"]
    page = client.get("/reports?office_sort=__class__&office_order=sideways").get_data(as_text=True)
    assert [row[0] for row in _rows(page, "Coverage per office")] == ["Oslo NO", "Stockholm SE"]


def test_before_the_first_snapshot_the_page_says_so(client, org):
    client.login(org.coordinator.email)
    assert "No figures yet" in client.get("/reports").get_data(as_text=True)


def test_offices_without_enough_ambassadors_are_flagged(client, org, figures, app):
    client.login(org.coordinator.email)
    page = client.get("/reports").get_data(as_text=True)
    assert _rows(page, "Offices short of ambassadors") == [["Oslo", "Norway", "1", "None", "1"]]
    app.config["PEOPLE_PER_AMBASSADOR"] = 2  # Stockholm's 4 people need 2
    try:
        page = client.get("/reports/ambassador-gaps").get_data(as_text=True)
    finally:
        app.config["PEOPLE_PER_AMBASSADOR"] = 50
    assert _rows(page, "Offices short of ambassadors") == [
        ["Oslo", "Norway", "1", "None", "1"],
        ["Stockholm", "Sweden", "4", "1", "2"],
    ]


def test_offices_short_of_ambassadors_are_counted_and_paged(client, org, figures):
    for n in range(55):
        make_person(make_office(name=f"Branch {n:02d}", country="DK"))
    db.session.commit()
    client.login(org.coordinator.email)
    page = client.get("/reports").get_data(as_text=True)
    assert "56 offices have no ambassador or fewer than one per 50 people." in page
    assert len(_rows(page, "Offices short of ambassadors")) == 10
    first = _rows(
        client.get("/reports/ambassador-gaps").get_data(as_text=True), "Offices short of ambassadors"
    )
    second = client.get("/reports/ambassador-gaps?page=2").get_data(as_text=True)
    assert len(first) == 50 and len(_rows(second, "Offices short of ambassadors")) == 6
    assert first[0][0] == "Branch 00" and _rows(second, "Offices short of ambassadors")[-1][0] == "Oslo"
    past = client.get("/reports/ambassador-gaps?page=9").get_data(as_text=True)  # the last page instead
    assert _rows(past, "Offices short of ambassadors") == _rows(second, "Offices short of ambassadors")


def test_the_dashboard_runs_the_same_statements_for_a_bigger_company(client, org, figures, count_statements):
    client.login(org.coordinator.email)
    client.get("/reports")
    with count_statements() as small:
        client.get("/reports")
    for n in range(6):
        office = make_office(name=f"Office {n}", country="FI" if n % 2 else "DK")
        for _ in range(5):
            make_person(office)
        make_module(title=f"Module {n}", published_at=PUBLISHED)
    db.session.commit()
    take(NOW)
    db.session.commit()
    client.get("/reports")
    with count_statements() as big:
        client.get("/reports")
    assert big.count == small.count


def test_the_definitions_in_english_and_swedish(client, org, figures):
    client.login(org.coordinator.email)
    page = client.get("/reports/definitions").get_data(as_text=True)
    assert "<h1>How coverage is counted</h1>" in page and "Deactivated people are in no figure" in page
    client.post_form("/language", {"language": "sv", "next": "/reports/definitions"})
    page = client.get("/reports/definitions").get_data(as_text=True)
    assert "<h1>Så räknas täckningen</h1>" in page and 'lang="sv"' in page


def _xlsx_cells(data: bytes) -> list[str]:
    """The text of every cell of the first sheet of an .xlsx (inline strings and numbers)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    return [html.unescape(value) for value in re.findall(r"<(?:t|v)[^>]*>(.*?)</(?:t|v)>", sheet)]


def test_every_table_downloads_as_csv_and_excel_with_the_filters(client, org, figures):
    client.login(org.coordinator.email)
    page = client.get("/reports?country=SE").get_data(as_text=True)
    assert 'href="/reports/export/office.csv?country=SE"' in page
    response = client.get("/reports/export/office.csv?country=SE")
    assert response.headers["Content-Disposition"] == 'attachment; filename="coverage-office-2026-03-02.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows == [
        ["Office", "Country", "Required", "Valid", "Refresher open", "Overdue", "To do", "Coverage", "As of"],
        ["Stockholm", "SE", "4", "2", "0", "2", "0", "0.5", "2026-03-02"],
    ]
    with client.get("/reports/export/country.xlsx") as excel:  # closing the response closes its file
        assert excel.mimetype.endswith("spreadsheetml.sheet")
        cells = _xlsx_cells(excel.get_data())
    assert cells[0] == "Country"
    assert "Norway" in cells and "Sweden" in cells


def test_everyones_status_downloads_and_formulas_stay_text(client, org, figures):
    org.employee.name = '=HYPERLINK("http://evil.example","click")'
    db.session.commit()
    client.login(org.coordinator.email)
    text = client.get("/reports/export/people.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Name", "Email", "Employee id", "Office", "Country", "Module", "Status", "Expires"]
    assert len(rows) == 1 + 6  # six required (person, module) pairs
    assert ["Ola Nordmann", "ola@example.com", "", "Oslo", "NO", "Oslo only", "To do", ""] in rows
    hostile = [row for row in rows if row[1] == "employee@example.com"][0]
    assert hostile[0] == '\'=HYPERLINK("http://evil.example","click")' and hostile[6] == "Current"
    assert hostile[7] == "2027-03-02"
    with client.get("/reports/export/people.xlsx") as excel:
        data = excel.get_data()
    assert "<f>" not in str(_xlsx_cells(data))  # no formula anywhere
    (sheet, rows), *more = _sheets(data).items()
    assert sheet == "Everyone's status" and not more
    # A row per person, a column per module; blank where a module is not required of them.
    assert rows[0] == ["Name", "Email", "Employee id", "Office", "Country", "Basics", "Oslo only"]
    assert len(rows) == 1 + 5
    assert ["Ola Nordmann", "ola@example.com", None, "Oslo", "NO", "Overdue", "To do"] in rows
    hostile = [row for row in rows if row[1] == "employee@example.com"][0]
    assert hostile[0] == '\'=HYPERLINK("http://evil.example","click")'
    assert hostile[3:] == ["Stockholm", "SE", "Current", None]


def _download(client, path: str) -> bytes:
    """A download's bytes, its file closed after."""
    with client.get(path) as response:
        return response.get_data()


def _sheets(data: bytes) -> dict[str, list[list]]:
    """Each sheet of an .xlsx and its rows of values, as a spreadsheet program reads them."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def test_everyones_status_in_excel_goes_on_to_another_sheet_past_a_sheets_rows(
    client, org, figures, monkeypatch
):
    monkeypatch.setattr(exporting, "ROWS_PER_SHEET", 3)  # Excel's is 1,048,576: a header and two people
    client.login(org.coordinator.email)
    client.post_form("/language", {"language": "sv", "next": "/reports"})
    with client.get("/reports/export/people.xlsx") as excel:
        sheets = _sheets(excel.get_data())
    assert list(sheets) == ["Allas status", "Allas status (2)", "Allas status (3)"]  # in her language
    assert all(rows[0][:2] == ["Namn", "E-post"] for rows in sheets.values())  # the header on each
    people = [row[1] for rows in sheets.values() for row in rows[1:]]
    assert len(people) == len(set(people)) == 5  # nobody left out, nobody twice
    assert [len(rows) for rows in sheets.values()] == [3, 3, 2]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_runs_the_same_statements_for_more_people_and_modules(
    client, org, figures, count_statements, fmt
):
    client.login(org.coordinator.email)
    _download(client, f"/reports/export/people.{fmt}")
    with count_statements() as small:
        _download(client, f"/reports/export/people.{fmt}")
    for n in range(3):
        office = make_office(name=f"Office {n}", country="FI")
        for _ in range(4):
            make_person(office)
        make_module(title=f"Module {n}", published_at=PUBLISHED)
    db.session.commit()
    _download(client, f"/reports/export/people.{fmt}")
    with count_statements() as big:
        _download(client, f"/reports/export/people.{fmt}")
    assert big.count == small.count


def test_exports_are_for_staff_and_unknown_tables_are_404(client, org, figures):
    client.login(org.employee.email)
    assert client.get("/reports/export/office.csv").status_code == 403
    client.login(org.coordinator.email)
    assert client.get("/reports/export/secrets.csv").status_code == 404
    assert client.get("/reports/export/office.pdf").status_code == 404


def test_the_one_page_summary_pdf(client, org, figures):
    from pypdf import PdfReader

    client.login(org.coordinator.email)
    assert 'href="/reports/summary.pdf"' in client.get("/reports").get_data(as_text=True)
    response = client.get("/reports/summary.pdf")
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Training coverage" in text and "As of March 2, 2026" in text and "33%" in text
    assert "2 valid of 6 required" in text and "Oslo only" in text and "Norway" in text
    assert "Offices short of ambassadors: 1." in text
    assert "https://ambassador.test/reports/definitions" in text
    client.post_form("/language", {"language": "sv", "next": "/reports"})
    swedish = (
        PdfReader(io.BytesIO(client.get("/reports/summary.pdf?country=NO").get_data()))
        .pages[0]
        .extract_text()
    )
    assert "Täckning" in swedish and "Norge" in swedish and "Sverige" not in swedish
