"""Exports of the coverage tables and of everyone's status, as CSV and as Excel, streamed.

- The office, country and module tables come from the day's snapshot, with the filters of the page.
- The people export is every active person's status for every module required of them, counted
  live from the standing: read with a server-side cursor in batches and written row by row, so
  100,000 people take bounded memory. As CSV, streamed to the browser, a row per person and module
  with the day it expires; as Excel, through XlsxWriter's constant-memory mode into a temporary
  file, a row per person with a column per module (a sheet holds 1,048,576 rows).
- A cell a spreadsheet would run as a formula stays text (`ambassador.exporting.safe`).
"""

import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime

import sqlalchemy as sa
import xlsxwriter
from flask_babel import gettext as _

from ambassador.completions.coverage import status_matrix, status_rows
from ambassador.completions.status import LABELS, Status
from ambassador.db import read_through
from ambassador.exporting import FORMULA_FIRST, safe
from ambassador.org.models import Office, Person
from ambassador.reports import queries

BATCH = 5000
ROWS_PER_SHEET = 1_048_576  # Excel's limit


def table_rows(group: str, filters: queries.Filters, titles: dict[int, str], names) -> Iterator[list]:
    """A coverage table as rows: a header, then one row per office, country or module."""
    heading = {"office": _("Office"), "country": _("Country"), "module": _("Module")}[group]
    yield [
        heading,
        _("Country") if group == "office" else "",
        _("Required"),
        _("Valid"),
        _("Refresher open"),
        _("Overdue"),
        _("To do"),
        _("Coverage"),
        _("As of"),
    ]
    for line in queries.sort(queries.table(group, filters, titles), "name", False):
        name = names(line.name) if group == "country" else line.name
        coverage = round(line.coverage, 4) if line.coverage is not None else ""
        yield [
            name,
            line.country if group == "office" else "",
            line.required,
            line.valid,
            line.refresher_open,
            line.overdue,
            line.to_do,
            coverage,
            filters.day.isoformat(),
        ]


def people_query(modules, now: datetime, country: str = "") -> sa.Select | None:
    """Everyone's status for each module required of them, by office and name (None: no published module)."""
    every = status_rows(
        modules,
        now,
        Person.id.label("person_id"),
        Person.name.label("name"),
        Person.email.label("email"),
        Person.employee_id.label("employee_id"),
        Office.name.label("office"),
        Office.country.label("country"),
        where=Office.country == country if country else None,
    )
    if every is None:
        return None
    every = every.subquery()
    # The day it expires, as the database writes it (UTC): a million datetimes turned into Python
    # objects and back into text took longer than the query (SQLite hands them over as text).
    expires_on = sa.func.date(every.c.expires_at, type_=sa.String).label("expires_on")
    columns = [column for column in every.c if column.name != "expires_at"]
    return (
        sa.select(*columns, expires_on)
        .where(every.c.status != Status.NOT_REQUIRED.value)
        .order_by(every.c.office, every.c.name, every.c.person_id, every.c.module_id)
    )


def people_rows(modules, titles: dict[int, str], now: datetime, country: str = "") -> Iterator[list]:
    """Every active person's status for each module required of them, live: one statement, streamed."""
    yield [*_person_header(), _("Module"), _("Status"), _("Expires")]
    ordered = people_query(modules, now, country)
    if ordered is None:
        return
    labels = _labels()
    rows = read_through(ordered, BATCH)
    for _id, name, email, employee_id, office, country, module_id, status, expires_on in rows:
        expires = str(expires_on) if expires_on else ""  # text on SQLite, a date on PostgreSQL
        yield [
            name,
            email,
            employee_id or "",
            office,
            country,
            titles.get(module_id, ""),
            labels[status],
            expires,
        ]


def _person_header() -> list[str]:
    """The people exports' first columns."""
    return [_("Name"), _("Email"), _("Employee id"), _("Office"), _("Country")]


def _labels() -> dict[str, str]:
    """Each status's label, translated once, not per row (not required: blank)."""
    labels = {status.value: str(label) for status, label in LABELS.items()}
    labels[Status.NOT_REQUIRED.value] = ""
    return labels


def people_matrix_query(modules, now: datetime, country: str = "") -> sa.Select | None:
    """Everyone once, by office and name, with a status column per published module (None: no module)."""
    columns = (Person.name, Person.email, Person.employee_id, Office.name, Office.country)
    where = Office.country == country if country else None
    matrix = status_matrix(modules, now, *columns, where=where)
    return None if matrix is None else matrix.order_by(Office.name, Person.name, Person.id)


def people_matrix_rows(modules, titles: dict[int, str], now: datetime, country: str = "") -> Iterator[list]:
    """Every active person once, with their status for each published module (blank: not required).

    The Excel layout of everyone's status: a row per person and a column per module, as the
    drill-down shows them. A row per person and module (the CSV) passes a sheet's 1,048,576 rows
    at about 100,000 people, and costs XlsxWriter seven times the cells.
    """
    published = [module for module in modules if module.published]
    yield [*_person_header(), *[titles.get(module.id, "") for module in published]]
    ordered = people_matrix_query(published, now, country)
    if ordered is None:
        return
    labels = _labels()
    for name, email, employee_id, office, country_, *statuses in read_through(ordered, BATCH):
        yield [name, email, employee_id or "", office, country_, *[labels[value] for value in statuses]]


def xlsx_file(rows: Iterable[list], sheet: str):
    """An .xlsx file written row by row in constant memory; returned open at its start.

    The first row is the header, in bold. Past a sheet's ROWS_PER_SHEET rows the rest go on to
    another sheet ("Everyone's status (2)"), under the header again: no row is left out. Empty
    cells are not written.
    """
    target = tempfile.TemporaryFile()  # noqa: SIM115  (send_file reads and closes it)
    book = xlsxwriter.Workbook(
        target,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "in_memory": False},
    )
    bold = book.add_format({"bold": True})
    rows = iter(rows)
    header = next(rows, [])
    worksheet, r, sheets = book.add_worksheet(sheet[:31]), 1, 1
    _write_row(worksheet, 0, header, bold)
    for row in rows:
        if r == ROWS_PER_SHEET:
            sheets += 1
            worksheet, r = book.add_worksheet(f"{sheet[:24]} ({sheets})"), 1
            _write_row(worksheet, 0, header, bold)
        _write_row(worksheet, r, row)
        r += 1
    book.close()
    target.seek(0)
    return target


def _write_row(worksheet, r: int, row: list, style=None) -> None:
    """One row's cells: text as text (a would-be formula made plain), numbers as numbers, blanks left out.

    `safe`, inlined: this runs for every cell, a million and a half of them for everyone's status.
    """
    write_string, write = worksheet.write_string, worksheet.write
    for c, cell in enumerate(row):
        if cell.__class__ is str:
            if cell:
                write_string(r, c, "'" + cell if cell[0] in FORMULA_FIRST else cell, style)
        elif cell is not None:
            write(r, c, safe(cell), style)
