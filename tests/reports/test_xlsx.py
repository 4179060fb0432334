"""The streaming Excel writer, read back by a real reader (openpyxl), as a spreadsheet would."""

import io
import zipfile

import openpyxl

from ambassador.reports import xlsx


def _book(rows, title="people", max_rows=xlsx.MAX_ROWS):
    """The workbook `xlsx.stream` writes, opened by openpyxl."""
    data = b"".join(xlsx.stream(rows, title, max_rows=max_rows))
    return openpyxl.load_workbook(io.BytesIO(data))


def _values(sheet) -> list[list]:
    """Every row of a sheet as values."""
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_text_numbers_and_awkward_characters_come_back_as_written():
    rows = [
        ["Name", "Required", "Coverage"],
        ["Anna & Lars <HQ>", 12, 0.8333],
        ["  spaced  ", 0, None],
        ["García Åström", 7, ""],
        ["tab\there, a bell\x07 gone", 1, 1.0],
    ]
    book = _book(rows)
    sheet = book["people"]
    assert _values(sheet) == [
        ["Name", "Required", "Coverage"],
        ["Anna & Lars <HQ>", 12, 0.8333],
        ["  spaced  ", 0, None],
        ["García Åström", 7, None],
        ["tab\there, a bell gone", 1, 1],
    ]
    assert [cell.font.b for cell in sheet[1]] == [True, True, True]
    assert not sheet["A2"].font.b


def test_rows_past_the_sheet_limit_go_on_in_a_second_sheet_with_the_header():
    header = ["Name", "Module"]
    body = [[f"Person {n}", "Basics"] for n in range(7)]
    book = _book([header, *body], max_rows=4)
    assert book.sheetnames == ["people", "people 2", "people 3"]
    sheets = [_values(book[name]) for name in book.sheetnames]
    assert [rows[0] for rows in sheets] == [header] * 3
    assert [len(rows) for rows in sheets] == [4, 4, 2]
    assert [row for rows in sheets for row in rows[1:]] == body


def test_only_a_header_or_nothing_still_makes_a_workbook():
    assert _values(_book([["Name", "Module"]]).active) == [["Name", "Module"]]
    assert _book([]).sheetnames == ["people"]


def test_the_file_streams_in_pieces_and_is_a_zip_read_front_to_back():
    rows = [["Name"], *([f"Person {n}"] for n in range(5000))]
    pieces = list(xlsx.stream(rows, "people"))
    assert len(pieces) > 2  # handed on while rows still come, not all at the end
    with zipfile.ZipFile(io.BytesIO(b"".join(pieces))) as book:
        assert book.testzip() is None
        assert "xl/worksheets/sheet1.xml" in book.namelist()
