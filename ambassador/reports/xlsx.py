"""A streaming Excel (.xlsx) writer: rows in, the file's bytes out as they are made, in bounded memory.

Everyone's status at 100,000 people is about a million rows of eight cells. XlsxWriter spends some
10 µs a cell on them (a minute and a half for the file, docs/BENCHMARKS.md); this writes the sheet's
XML directly, a row at a time: text as inline strings, numbers as numbers, the first row bold. A sheet
holds at most 1,048,576 rows (Excel's limit), so longer exports go on in a second sheet, headed like
the first. The parts are deflated as they go into a ZIP written front to back (sizes in data
descriptors, as Java's and .NET's writers do), so the answer streams: nothing waits for the last row.
"""

import re
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

MAX_ROWS = 1_048_576
BATCH = 1000  # rows deflated and handed on at a time
SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
# Characters XML 1.0 cannot carry at all (a tab, a line feed and a carriage return it can).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CLOSE = "</t></is></c>"
TEXT_OPEN, BETWEEN = '<c t="inlineStr"><is><t>', '</t></is></c><c t="inlineStr"><is><t>'
BOLD = ' s="1"'

XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
SHEET_START = f'{XML}<worksheet xmlns="{MAIN}"><sheetData>'.encode()
SHEET_END = b"</sheetData></worksheet>"
STYLES = (
    f'{XML}<styleSheet xmlns="{MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
ROOT_RELS = (
    f'{XML}<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
    f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)


class _Pipe:
    """A write-only file that keeps what is written until the generator hands it on."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        """Keep a piece of the file."""
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the pieces wait for `take`."""

    def take(self) -> bytes:
        """Everything written since the last take."""
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def _cell(value, style: str = "") -> str:
    """One cell: a number, text (kept as it is, spaces included), or a blank for None and ""."""
    if value is None or value == "":
        return f"<c{style}/>"
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = NOT_XML.sub("", str(value))
        return f'<c t="inlineStr"{style}><is><t xml:space="preserve">{escape(text)}</t></is></c>'
    return f"<c{style}><v>{value!r}</v></c>"


def row_xml(number: int, row: list, style: str = "") -> str:
    """A row of cells as SpreadsheetML; a row of plain text (the usual case) is escaped in one go."""
    if not style and "" not in row and all(type(cell) is str for cell in row):
        text = "\x00".join(row)
        plain = text.replace("\x00", "")
        if plain.isprintable() and " \x00" not in text and "\x00 " not in text and plain.strip(" ") == plain:
            cells = escape(text).replace("\x00", BETWEEN)
            return f'<row r="{number}">{TEXT_OPEN}{cells}{CLOSE}</row>'
    cells = "".join([_cell(cell, style) for cell in row])
    return f'<row r="{number}">{cells}</row>'


def _sheet_names(title: str, count: int) -> list[str]:
    """The sheets' names: the title, then "title 2", "title 3"… (31 characters at most, as Excel wants)."""
    base = SHEET_NAME.sub(" ", title)[:28].strip() or "Sheet"
    return [base if n == 1 else f"{base} {n}" for n in range(1, count + 1)]


def _package(book: zipfile.ZipFile, title: str, sheets: int) -> None:
    """The parts that say what the sheets are: content types, the workbook, its relationships, styles."""
    names = _sheet_names(title, sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{TYPES}.worksheet+xml"/>'
        for n in range(1, sheets + 1)
    )
    book.writestr(
        "[Content_Types].xml",
        f'{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{TYPES}.styles+xml"/>{overrides}</Types>',
    )
    book.writestr("_rels/.rels", ROOT_RELS)
    sheet_list = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, 1)
    )
    book.writestr(
        "xl/workbook.xml",
        f'{XML}<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{sheet_list}</sheets></workbook>',
    )
    links = "".join(
        f'<Relationship Id="rId{n}" Type="{RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    )
    styles = f'<Relationship Id="rId{sheets + 1}" Type="{RELS}/styles" Target="styles.xml"/>'
    book.writestr(
        "xl/_rels/workbook.xml.rels",
        f'{XML}<Relationships xmlns="{PACKAGE_RELS}">{links}{styles}</Relationships>',
    )
    book.writestr("xl/styles.xml", STYLES)


def stream(rows: Iterable[list], title: str, max_rows: int = MAX_ROWS) -> Iterator[bytes]:
    """The .xlsx file of `rows` (the first is the bold header, repeated atop every further sheet)."""
    pipe = _Pipe()
    book = zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
    body = iter(rows)
    header = next(body, None)
    sheets, part, written, batch = 0, None, max_rows, []
    for row in body if header is not None else ():
        if written == max_rows:  # a new sheet, headed like the first
            if part is not None:
                part.write("".join(batch).encode() + SHEET_END)
                part.close()
                batch.clear()
            sheets += 1
            part = book.open(f"xl/worksheets/sheet{sheets}.xml", "w")
            part.write(SHEET_START + row_xml(1, header, BOLD).encode())
            written = 1
        written += 1
        batch.append(row_xml(written, row))
        if len(batch) == BATCH:
            part.write("".join(batch).encode())
            batch.clear()
            yield pipe.take()
    if part is None:  # no rows but the header (or none at all): one sheet with what there is
        sheets = 1
        part = book.open("xl/worksheets/sheet1.xml", "w")
        part.write(SHEET_START + (row_xml(1, header, BOLD).encode() if header is not None else b""))
    part.write("".join(batch).encode() + SHEET_END)
    part.close()
    _package(book, title, sheets)
    book.close()
    yield pipe.take()
