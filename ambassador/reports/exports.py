"""Exports of the coverage tables and of everyone's status, as CSV and as Excel, streamed.

- The office, country and module tables come from the day's snapshot, with the filters of the page.
- The people export is every active person's status for every module required of them, counted
  live from the standing: a row per person (`people_query`), read with a server-side cursor in
  batches and written row by row, so 100,000 people take bounded memory. As CSV, streamed to the
  browser, a row per person and module with the day it expires; as Excel, through XlsxWriter's
  constant-memory mode into a temporary file, a row per person with a column per module (a sheet
  holds 1,048,576 rows), each row of plain text written whole (`TextRowSheet`).
- A cell a spreadsheet would run as a formula stays text (`ambassador.exporting.safe`).
"""

import re
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime

import sqlalchemy as sa
import xlsxwriter
from flask_babel import gettext as _
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from ambassador.completions.coverage import status_matrix
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


def people_rows(modules, titles: dict[int, str], now: datetime, country: str = "") -> Iterator[list]:
    """Every active person's status for each module required of them, live: one statement, streamed.

    The CSV layout of everyone's status: a row per person and module, with the day the latest
    completion expires. Read a row per person (`people_query`, with the expiry) and written out
    per module: the database sorts 100,000 people rather than a million of their modules.
    """
    yield [*_person_header(), _("Module"), _("Status"), _("Expires")]
    published = sorted((module for module in modules if module.published), key=lambda module: module.id)
    ordered = people_query(published, now, country, expiry=True)
    if ordered is None:
        return
    labels, not_required = _labels(), Status.NOT_REQUIRED.value
    module_titles = [titles.get(module.id, "") for module in published]
    for name, email, employee_id, office, country_, *pairs in read_through(ordered, BATCH):
        person = [name, email, employee_id or "", office, country_]
        for title, status, expires_on in zip(module_titles, pairs[::2], pairs[1::2], strict=True):
            if status != not_required:
                # The day as the database writes it: text on SQLite, a date on PostgreSQL.
                yield [*person, title, labels[status], str(expires_on) if expires_on else ""]


def _person_header() -> list[str]:
    """The people exports' first columns."""
    return [_("Name"), _("Email"), _("Employee id"), _("Office"), _("Country")]


def _labels() -> dict[str, str]:
    """Each status's label, translated once, not per row (not required: blank)."""
    labels = {status.value: str(label) for status, label in LABELS.items()}
    labels[Status.NOT_REQUIRED.value] = ""
    return labels


def people_query(modules, now: datetime, country: str = "", expiry: bool = False) -> sa.Select | None:
    """Everyone once, by office and name, with a status column per published module (None: no module).

    With `expiry`, each status is followed by the day the latest completion expires, as the
    database writes it (UTC): a million datetimes turned into Python objects and back into
    text took longer than the query.
    """
    columns = (Person.name, Person.email, Person.employee_id, Office.name, Office.country)
    where = Office.country == country if country else None
    matrix = status_matrix(modules, now, *columns, where=where, expiry=expiry)
    return None if matrix is None else matrix.order_by(Office.name, Person.name, Person.id)


def people_matrix_rows(modules, titles: dict[int, str], now: datetime, country: str = "") -> Iterator[list]:
    """Every active person once, with their status for each published module (blank: not required).

    The Excel layout of everyone's status: a row per person and a column per module, as the
    drill-down shows them. A row per person and module (the CSV) passes a sheet's 1,048,576 rows
    at about 100,000 people, and costs XlsxWriter seven times the cells.
    """
    published = [module for module in modules if module.published]
    yield [*_person_header(), *[titles.get(module.id, "") for module in published]]
    ordered = people_query(published, now, country)
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
    worksheet, r, sheets = book.add_worksheet(sheet[:31], worksheet_class=TextRowSheet), 1, 1
    _write_row(worksheet, 0, header, bold)
    for row in rows:
        if r == ROWS_PER_SHEET:
            sheets += 1
            worksheet, r = book.add_worksheet(f"{sheet[:24]} ({sheets})", worksheet_class=TextRowSheet), 1
            _write_row(worksheet, 0, header, bold)
        _write_row(worksheet, r, row)
        r += 1
    book.close()
    target.seek(0)
    return target


def _write_row(worksheet: "TextRowSheet", r: int, row: list, style=None) -> None:
    """One row's cells: text as text (a would-be formula made plain), numbers as numbers, blanks left out.

    A row of text alone (everyone's status: a million and a half cells) goes in whole
    (`TextRowSheet.write_text_row`), the formula check inlined.
    """
    if style is None and all(cell.__class__ is str for cell in row):
        worksheet.write_text_row(
            r, ["'" + cell if cell and cell[0] in FORMULA_FIRST else cell for cell in row]
        )
        return
    for c, cell in enumerate(row):
        if cell.__class__ is str:
            if cell:
                worksheet.write_string(r, c, safe(cell), style)
        elif cell is not None:
            worksheet.write(r, c, safe(cell), style)


# Cells are looked at together, joined by this; text XlsxWriter would change or mark: XML's
# special characters, control characters and what looks like their _xHHHH_ escapes, whitespace
# at either end of a cell (xml:space="preserve").
_JOIN = "|"
_NEEDS_CARE = re.compile(r'[&<>"\n\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|(?:^|\|)\s|\s(?:\||$)')
_COLUMNS = [xl_col_to_name(c) for c in range(256)]


class TextRowSheet(Worksheet):
    """XlsxWriter's worksheet, in constant-memory mode, with one more method: a row of text at once.

    XlsxWriter takes about 6 µs a cell (checks, escapes, a regular expression or four), some 8 s
    of the 10 that everyone's status may take at 100,000 people. A row whose text needs none of
    that is written here as XlsxWriter writes it (a test compares the sheets' XML), in about a
    fifth of the time; any other row goes through XlsxWriter cell by cell. It reaches into
    XlsxWriter's constant-memory writing (`_check_dimensions`, `_write_single_row`, `fh`), so
    the version is pinned (requirements.txt) and the test says when an upgrade changes it.
    """

    def write_text_row(self, r: int, cells: list[str]) -> None:
        """Row `r` (after every row written so far) of text cells; empty ones are left out."""
        text = _JOIN.join(cells)
        if (
            not self.constant_memory  # rows are kept until the end then, not written as they come
            or r <= self.previous_row
            or len(cells) > len(_COLUMNS)
            or len(text) > self.xls_strmax // 2
            or _NEEDS_CARE.search(text)
        ):
            for c, cell in enumerate(cells):
                if cell:
                    self.write_string(r, c, cell)
            return
        filled = [(c, cell) for c, cell in enumerate(cells) if cell]
        if not filled:
            return
        self._check_dimensions(r, filled[0][0])
        self._check_dimensions(r, filled[-1][0])
        self._write_single_row(r)  # the row before, if XlsxWriter holds one (the header)
        n = r + 1
        cells_xml = "".join(
            f'<c r="{_COLUMNS[c]}{n}" t="inlineStr"><is><t>{cell}</t></is></c>' for c, cell in filled
        )
        self.fh.write(f'<row r="{n}">{cells_xml}</row>')
