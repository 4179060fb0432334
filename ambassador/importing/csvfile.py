"""Reading a CSV file made by a spreadsheet or an export: encoding, delimiter, headers, records.

Rules:
- UTF-8 (with or without BOM) or Windows-1252; UTF-16 and binary files are refused with advice.
- The delimiter is a semicolon when the first line has more semicolons than commas, else a comma.
- Headers are matched ignoring case and surrounding or repeated spaces; a required column that is
  missing, or any column named twice, stops the whole file.
- A row is named by the line it starts on (a quoted value may span lines); blank rows are skipped;
  a row with another number of fields than the header is a row error.
- Dates are written exactly YYYY-MM-DD.

This module knows nothing of the database: each import checks its records' values itself.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from ambassador.errors import PlainText, UserError
from ambassador.text import has_control_characters

# Exactly YYYY-MM-DD in ASCII digits; fromisoformat alone also takes 20240101 and 2024-W01-1.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class FileError(UserError):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class Columns:
    """The columns an import reads: each canonical name with the header spellings it accepts.

    The first spelling is the one messages use. `one_line` columns end up in email headers, PDFs
    and other files: they must be one line without control characters.
    """

    spellings: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    one_line: tuple[str, ...] = ()

    def name(self, column: str) -> str:
        """The column's name as messages write it."""
        return self.spellings[column][0]


@dataclass
class RowError:
    """A bad row: its line number and the reason (escaped on the page: it quotes the file)."""

    line: int
    message: str

    def __post_init__(self):
        self.message = PlainText(str, self.message)


@dataclass
class Record:
    """One row: its line number and each canonical column's trimmed value ("" when absent)."""

    line: int
    values: dict[str, str]


@dataclass
class Parsed:
    """The rows of a file (records, or an import's own rows), the bad rows, and how it was read."""

    encoding: str
    delimiter: str
    rows: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM) or Windows-1252; refuse anything else clearly."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise FileError(_l("The file is UTF-16 or binary. Save it as “CSV UTF-8” and try again."))
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise FileError(
            _l("The file is neither UTF-8 nor Windows-1252 text. Save it as “CSV UTF-8” and try again.")
        ) from None


def _delimiter(header_line: str) -> str:
    """Semicolon when the header has more semicolons than commas, else comma."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _map_headers(headers: list[str], columns: Columns) -> dict[str, int]:
    """Canonical column -> position; raise FileError for missing or repeated columns."""
    lookup = {spelling: column for column, spellings in columns.spellings.items() for spelling in spellings}
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        column = lookup.get(" ".join(header.strip().lower().split()))
        if column is None:
            continue
        if column in positions:
            raise FileError(_l("The column “%(name)s” appears twice.", name=header.strip()))
        positions[column] = index
    missing = [column for column in columns.required if column not in positions]
    if missing:
        names = ", ".join(columns.name(column) for column in missing)
        raise FileError(
            _l("Missing column(s): %(names)s. The first line must name the columns.", names=names)
        )
    return positions


def _records(reader, headers: list[str], positions: dict[str, int], parsed: Parsed, absent: dict) -> None:
    """Read every row after the header into `parsed` as a record or a row error."""
    ended = reader.line_num
    for values in reader:
        # A row is named by the line it starts on; a quoted value may span several lines.
        line, ended = ended + 1, reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(headers):
            message = _l(
                "This line has %(got)s fields; the header has %(want)s.", got=len(values), want=len(headers)
            )
            parsed.errors.append(RowError(line, message))
            continue
        record = {**absent, **{column: values[index].strip() for column, index in positions.items()}}
        parsed.rows.append(Record(line, record))


def read(data: bytes, columns: Columns) -> Parsed:
    """Read a CSV file into records and row errors; raise FileError when the file cannot be read."""
    text, encoding = decode(data)
    if not text.strip():
        raise FileError(_l("The file is empty."))
    delimiter = _delimiter(text.splitlines()[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        headers = next(reader)
        positions = _map_headers(headers, columns)
        parsed = Parsed(encoding=encoding, delimiter=delimiter)
        _records(reader, headers, positions, parsed, absent=dict.fromkeys(columns.spellings, ""))
    except csv.Error as error:
        raise FileError(
            _l(
                "The file is not valid CSV near line %(line)s: %(error)s",
                line=reader.line_num,
                error=str(error),
            )
        ) from None
    return parsed


def text_problem(values: dict[str, str], columns: Columns) -> str | None:
    """Why a record's required or one-line values cannot be taken, or None."""
    for column in columns.required:
        if not values[column]:
            return _l("The %(column)s is missing.", column=columns.name(column))
    for column in columns.one_line:
        if has_control_characters(values[column]):
            return _l(
                "The %(column)s has a line break, a tab or another control character; write it on one line.",
                column=columns.name(column),
            )
    return None


def read_email(value: str) -> tuple[str | None, str | None]:
    """The address as the roster keeps it (normalised, lower case), or None and why not."""
    try:
        return validate_email(value, check_deliverability=False).normalized.lower(), None
    except EmailNotValidError:
        return None, _l("“%(email)s” is not a valid email address.", email=value)


def read_date(value: str) -> tuple[date | None, str | None]:
    """A date written exactly YYYY-MM-DD, or None and why it is not one."""
    if ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value), None
        except ValueError:
            pass
    return None, _l("“%(value)s” is not a date; write it as YYYY-MM-DD.", value=value)


def parse(data: bytes, columns: Columns, make_row: Callable[[Record], object]) -> Parsed:
    """Read a CSV file and make each record a row with `make_row`, which returns it or a RowError."""
    parsed = read(data, columns)
    records, parsed.rows = parsed.rows, []
    for record in records:
        result = make_row(record)
        (parsed.errors if isinstance(result, RowError) else parsed.rows).append(result)
    parsed.errors.sort(key=lambda error: error.line)
    return parsed
