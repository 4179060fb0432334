"""The Excel writer: a row of text written at once is the sheet XlsxWriter itself would write."""

import io
import zipfile

import pytest
import xlsxwriter
from openpyxl import load_workbook

from ambassador.exporting import safe, xlsx_file

HEADER = ["Name", "Email", "Employee id", "Office", "Country", "Module 1", "Module 2"]
PLAIN = [
    ["Anna Berg", "anna@example.com", "E1", "Stockholm", "SE", "Current", ""],
    ["Björn Öst", "björn@example.com", "", "Göteborg", "SE", "", "Overdue"],
    ["", "", "", "", "", "", ""],
    ["María García", "maría.garcía@example.com", "E3", "Bogotá", "CO", "Refresher open", "To do"],
]
CAREFUL = [
    ["Tom & Jerry", "<tom@example.com>", 'say "hi"', "Oslo", "NO", "Current", ""],
    [" Leading", "trailing ", "tab\tinside", "line\nbreak", "\u00a0nbsp", "Current", ""],
    ["ctl\x01char", "_x0041_", "\ufffe", " | ", "|", "Overdue", ""],
    ['=HYPERLINK("http://evil.example","click")', "+1", "-2", "@x", "\tTab", "Current", ""],
    ["emoji 😀", "a|b", "x" * 20000, "Kraków", "PL", "", "To do"],
]


def _reference(rows: list[list]) -> bytes:
    """The same rows written by XlsxWriter alone, cell by cell (what the export did before)."""
    target = io.BytesIO()
    book = xlsxwriter.Workbook(
        target,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "in_memory": False},
    )
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("Everyone")
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell:
                sheet.write_string(r, c, safe(cell), bold if r == 0 else None)
    book.close()
    return target.getvalue()


def _sheet_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("rows", [PLAIN, CAREFUL, PLAIN + CAREFUL + PLAIN], ids=["plain", "careful", "mixed"])
def test_rows_of_text_make_the_sheet_xlsxwriter_makes_cell_by_cell(rows):
    """Byte for byte: escapes, control characters, whitespace kept, blanks left out, the dimension."""
    with xlsx_file([HEADER, *rows], "Everyone") as written:
        data = written.read()
    assert _sheet_xml(data) == _sheet_xml(_reference([HEADER, *rows]))
    # As a spreadsheet reads it (openpyxl leaves Excel's _xHHHH_ escapes of control characters as they are).
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    read = [list(row) for row in sheet.iter_rows(values_only=True) if any(row) and row[0] != "ctl_x0001_char"]
    expected = [[safe(cell) or None for cell in row] for row in [HEADER, *rows] if any(row)]
    assert read == [row for row in expected if row[0] != "ctl\x01char"]
