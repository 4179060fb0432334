"""Writing files for spreadsheets: cells that stay text, CSV streamed in chunks, Excel in bounded memory.

- A cell a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage return)
  is written with a leading apostrophe: a name like "=HYPERLINK(...)" stays text.
- CSV is UTF-8 with a byte-order mark, which Excel needs to read it.
- Excel (.xlsx) is written by XlsxWriter in constant-memory mode into a temporary file, row by row,
  going on to another sheet past a sheet's 1,048,576 rows; a row of plain text goes in whole
  (`TextRowSheet`).
"""

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator

import xlsxwriter
from flask import Response, stream_with_context
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(FORMULA_START)  # the same, for a test of a cell's first character
ROWS_PER_SHEET = 1_048_576  # Excel's limit


def safe(value) -> object:
    """A cell's value, with text that a spreadsheet would run as a formula made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_stream(rows: Iterable[list]) -> Iterator[str]:
    """CSV text (UTF-8 with a byte-order mark), formula-neutral, a chunk of 1,000 rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for n, row in enumerate(rows, 1):  # `safe` inlined: 9 cells a row, 500 or a million rows
        writer.writerow(
            ["'" + cell if cell.__class__ is str and cell[:1] in FORMULA_FIRST else cell for cell in row]
        )
        if n % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_download(rows: Iterable[list], filename: str) -> Response:
    """A response with `rows` as a CSV file named `filename`: streamed inside the request's context as
    they are read, or, when they are a list (read already), whole, with its length."""
    text = csv_stream(rows)
    body = "".join(text) if isinstance(rows, list) else stream_with_context(text)
    response = Response(body, mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
