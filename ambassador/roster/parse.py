"""Reading an HR export: its columns and the shape of each row (the file itself: `importing.csvfile`).

This module knows nothing of the database; `roster.services` checks rows against it.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from ambassador.importing.csvfile import Columns, FileError, Parsed, Record, RowError, read_date, read_email
from ambassador.importing.csvfile import parse as parse_csv
from ambassador.importing.csvfile import text_problem as shared_text_problem

__all__ = ["COLUMNS", "FileError", "RosterRow", "RowError", "parse"]

COLUMNS = Columns(
    spellings={
        "email": ("email", "e-mail", "email address"),
        "name": ("name", "full name"),
        "office": ("office", "office name"),
        "role": ("role",),
        "language": ("language", "lang"),
        "employee_id": ("employee id", "employee_id", "employeeid", "employee number"),
        "start_date": ("start date", "start_date", "startdate"),
    },
    required=("email", "name", "office"),
    one_line=("name", "office", "employee_id"),
)
# HR exports use dates like 9999-12-31 for "unknown"; such a date is refused, not stored.
EARLIEST_START, LATEST_START = date(1950, 1, 1), date(2100, 12, 31)


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


def _text_problem(get: dict[str, str]) -> str | None:
    """Why the required and free-text values of a row cannot be taken, or None."""
    problem = shared_text_problem(get, COLUMNS)
    if problem is None and (len(get["name"]) > 200 or len(get["employee_id"]) > 64):
        return _l("A value is too long.")
    return problem


def _start_date(value: str) -> tuple[date | None, str | None]:
    """The start date (None when empty) and why it cannot be taken (None when it can)."""
    if not value:
        return None, None
    start, problem = read_date(value)
    if problem:
        return None, problem
    if not EARLIEST_START <= start <= LATEST_START:
        return None, _l(
            "The start date %(value)s is not plausible; leave it empty if it is unknown.", value=start
        )
    return start, None


def _row(record: Record) -> RosterRow | RowError:
    """Check the shape of one row and build it."""
    get, line = record.values, record.line
    problem = _text_problem(get)
    if problem:
        return RowError(line, problem)
    email, problem = read_email(get["email"])
    if problem:
        return RowError(line, problem)
    start, problem = _start_date(get["start_date"])
    if problem:
        return RowError(line, problem)
    return RosterRow(
        line=line,
        email=email,
        name=get["name"],
        office=get["office"],
        role=get["role"].lower(),
        language=get["language"].lower(),
        employee_id=get["employee_id"],
        start_date=start,
    )


def parse(data: bytes) -> Parsed:
    """Read an HR export into rows and per-row errors; raise FileError for the whole file."""
    return parse_csv(data, COLUMNS, _row)
