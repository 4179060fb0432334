"""Reading an HR export: encoding, delimiter, headers and the shape of each row.

This module knows nothing of the database; `roster.services` checks rows against it.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from ambassador.errors import PlainText, UserError
from ambassador.text import has_control_characters

# Canonical column -> header spellings accepted (compared case-insensitively, trimmed).
COLUMNS = {
    "email": ("email", "e-mail", "email address"),
    "name": ("name", "full name"),
    "office": ("office", "office name"),
    "role": ("role",),
    "language": ("language", "lang"),
    "employee_id": ("employee id", "employee_id", "employeeid", "employee number"),
    "start_date": ("start date", "start_date", "startdate"),
}
REQUIRED = ("email", "name", "office")
# Columns whose text ends up in email headers, PDFs and other files: one line, no control characters.
ONE_LINE = ("name", "office", "employee_id")
# Exactly YYYY-MM-DD in ASCII digits; fromisoformat alone also takes 20240101 and 2024-W01-1.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# HR exports use dates like 9999-12-31 for "unknown"; such a date is refused, not stored.
EARLIEST_START, LATEST_START = date(1950, 1, 1), date(2100, 12, 31)


class RosterFileError(UserError):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass
class RosterRow:
    """One row of the export, trimmed, with its line number in the file."""

    line: int
    email: str
    name: str
    office: str
    role: str = ""
    language: str = ""
    employee_id: str = ""
    start_date: date | None = None


@dataclass
class RowError:
    """A bad row: its line number and the reason (escaped on the page: it quotes the file)."""

    line: int
    message: str

    def __post_init__(self):
        self.message = PlainText(str, self.message)


@dataclass
class ParsedFile:
    """Rows that have the right shape, rows that do not, and how the file was read."""

    encoding: str
    delimiter: str
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM) or Windows-1252; refuse anything else clearly."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise RosterFileError(_l("The file is UTF-16 or binary. Save it as “CSV UTF-8” and try again."))
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise RosterFileError(
            _l("The file is neither UTF-8 nor Windows-1252 text. Save it as “CSV UTF-8” and try again.")
        ) from None


def _delimiter(header_line: str) -> str:
    """Semicolon when the header has more semicolons than commas, else comma."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _map_headers(headers: list[str]) -> dict[str, int]:
    """Canonical column -> position; raise RosterFileError for missing or repeated columns."""
    lookup = {spelling: column for column, spellings in COLUMNS.items() for spelling in spellings}
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        column = lookup.get(" ".join(header.strip().lower().split()))
        if column is None:
            continue
        if column in positions:
            raise RosterFileError(_l("The column “%(name)s” appears twice.", name=header.strip()))
        positions[column] = index
    missing = [column for column in REQUIRED if column not in positions]
    if missing:
        names = ", ".join(COLUMNS[column][0] for column in missing)
        raise RosterFileError(
            _l("Missing column(s): %(names)s. The first line must name the columns.", names=names)
        )
    return positions


def _parse_date(value: str) -> date:
    """A date written exactly YYYY-MM-DD; raise ValueError for any other spelling."""
    if not ISO_DATE.fullmatch(value):
        raise ValueError(value)
    return date.fromisoformat(value)


def _text_problem(get: dict[str, str]) -> str | None:
    """Why the required and free-text values of a row cannot be taken, or None."""
    for column in REQUIRED:
        if not get[column]:
            return _l("The %(column)s is missing.", column=COLUMNS[column][0])
    for column in ONE_LINE:
        if has_control_characters(get.get(column, "")):
            return _l(
                "The %(column)s has a line break, a tab or another control character; write it on one line.",
                column=COLUMNS[column][0],
            )
    if len(get["name"]) > 200 or len(get.get("employee_id", "")) > 64:
        return _l("A value is too long.")
    return None


def _start_date(value: str) -> tuple[date | None, str | None]:
    """The start date (None when empty) and why it cannot be taken (None when it can)."""
    if not value:
        return None, None
    try:
        start = _parse_date(value)
    except ValueError:
        return None, _l("“%(value)s” is not a date; write it as YYYY-MM-DD.", value=value)
    if not EARLIEST_START <= start <= LATEST_START:
        return None, _l(
            "The start date %(value)s is not plausible; leave it empty if it is unknown.", value=start
        )
    return start, None


def _row(line: int, values: list[str], positions: dict[str, int]) -> RosterRow | RowError:
    """Check the shape of one row and build it."""
    get = {column: values[index].strip() for column, index in positions.items()}
    problem = _text_problem(get)
    if problem:
        return RowError(line, problem)
    try:
        email = validate_email(get["email"], check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return RowError(line, _l("“%(email)s” is not a valid email address.", email=get["email"]))
    start, problem = _start_date(get.get("start_date", ""))
    if problem:
        return RowError(line, problem)
    return RosterRow(
        line=line,
        email=email,
        name=get["name"],
        office=get["office"],
        role=get.get("role", "").lower(),
        language=get.get("language", "").lower(),
        employee_id=get.get("employee_id", ""),
        start_date=start,
    )


def parse(data: bytes) -> ParsedFile:
    """Read an HR export into rows and per-row errors; raise RosterFileError for the whole file."""
    text, encoding = decode(data)
    if not text.strip():
        raise RosterFileError(_l("The file is empty."))
    first_line = text.splitlines()[0]
    delimiter = _delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        headers = next(reader)
        positions = _map_headers(headers)
        parsed = ParsedFile(encoding=encoding, delimiter=delimiter)
        ended = reader.line_num
        for values in reader:
            # A row is named by the line it starts on; a quoted value may span several lines.
            line, ended = ended + 1, reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(headers):
                message = _l(
                    "This line has %(got)s fields; the header has %(want)s.",
                    got=len(values),
                    want=len(headers),
                )
                parsed.errors.append(RowError(line, message))
                continue
            result = _row(line, values, positions)
            (parsed.errors if isinstance(result, RowError) else parsed.rows).append(result)
    except csv.Error as error:
        raise RosterFileError(
            _l(
                "The file is not valid CSV near line %(line)s: %(error)s",
                line=reader.line_num,
                error=str(error),
            )
        ) from None
    return parsed
