"""Reading an HR export: encoding, delimiter, headers and the shape of each row.

This module knows nothing of the database; `roster.services` checks rows against it.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from ambassador.errors import UserError

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
    """A bad row: its line number and the reason."""

    line: int
    message: str


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
    """An ISO date, YYYY-MM-DD."""
    return date.fromisoformat(value)


def _row(line: int, values: list[str], positions: dict[str, int]) -> RosterRow | RowError:
    """Check the shape of one row and build it."""
    get = {column: values[index].strip() for column, index in positions.items()}
    for column in REQUIRED:
        if not get[column]:
            return RowError(line, _l("The %(column)s is missing.", column=COLUMNS[column][0]))
    try:
        email = validate_email(get["email"], check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return RowError(line, _l("“%(email)s” is not a valid email address.", email=get["email"]))
    if len(get["name"]) > 200 or len(get.get("employee_id", "")) > 64:
        return RowError(line, _l("A value is too long."))
    start = None
    if get.get("start_date"):
        try:
            start = _parse_date(get["start_date"])
        except ValueError:
            return RowError(
                line, _l("“%(value)s” is not a date; write it as YYYY-MM-DD.", value=get["start_date"])
            )
        if not EARLIEST_START <= start <= LATEST_START:
            return RowError(
                line,
                _l(
                    "The start date %(value)s is not plausible; leave it empty if it is unknown.", value=start
                ),
            )
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
        for values in reader:
            line = reader.line_num
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
