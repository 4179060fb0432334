"""Reading a file of past completions: its columns and the shape of each row.

The file itself (encoding, delimiter, headers) is read by `importing.csvfile`; this module knows
nothing of the database, `completions.imports` checks the rows against it.
"""

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from ambassador.importing.csvfile import (
    Columns,
    Parsed,
    Record,
    RowError,
    read_date,
    read_email,
    text_problem,
)
from ambassador.importing.csvfile import parse as parse_csv

COLUMNS = Columns(
    spellings={
        "email": ("email", "e-mail", "email address"),
        "module": ("module", "module title", "module id", "course", "training"),
        "completed_on": ("completed on", "completed_on", "completed", "completion date", "date"),
        "certificate": (
            "certificate",
            "certificate id",
            "certificate identifier",
            "certificate code",
            "certificate number",
        ),
    },
    required=("email", "module", "completed_on"),
    one_line=("module", "certificate"),
)
# What the completion's code column holds (32 characters) and what a /verify/CODE address can carry.
CERTIFICATE = re.compile(r"[A-Za-z0-9._-]{1,32}")


@dataclass
class PastRow:
    """One past completion as the file gives it, trimmed, with its line number."""

    line: int
    email: str
    module: str
    completed_on: date
    certificate: str = ""  # in capitals, as verification looks it up; "" when the file has none


def _completed_on(value: str, today: date) -> tuple[date | None, str | None]:
    """The date of a completion, or why it cannot be taken: not a date, or after today."""
    completed, problem = read_date(value)
    if problem:
        return None, problem
    if completed > today:
        return None, _l(
            "The date %(value)s is in the future; only completions that have happened can be imported.",
            value=value,
        )
    return completed, None


def _certificate_problem(value: str) -> str | None:
    """Why an old certificate identifier cannot be kept as a completion's code, or None."""
    if value and not CERTIFICATE.fullmatch(value):
        return _l(
            "The certificate “%(code)s” cannot be kept: use at most 32 letters A–Z, digits, "
            "hyphens, underscores or full stops.",
            code=value,
        )
    return None


def _email(value: str) -> tuple[str | None, str | None]:
    """The address to look up on the roster, or None and why not.

    An email here only names someone already on the roster, so an ASCII address is looked up as
    it is, in lower case (what the roster keeps for it): one that is not valid matches no one and
    gets that reason. Full validation, which normalises international addresses the way the
    roster did, is kept for the others; it would be three quarters of the time of a large file.
    """
    return (value.lower(), None) if value.isascii() else read_email(value)


def _row(record: Record, today: date) -> PastRow | RowError:
    """Check the shape of one row and build it."""
    get, line = record.values, record.line
    problem = text_problem(get, COLUMNS) or _certificate_problem(get["certificate"])
    if problem is None and len(get["module"]) > 200:
        problem = _l("A value is too long.")
    if problem:
        return RowError(line, problem)
    email, problem = _email(get["email"])
    if problem:
        return RowError(line, problem)
    completed, problem = _completed_on(get["completed_on"], today)
    if problem:
        return RowError(line, problem)
    module = " ".join(get["module"].split())
    return PastRow(line, email, module, completed, get["certificate"].upper())


def parse(data: bytes, today: date) -> Parsed:
    """Read a file of past completions into rows and per-row errors; raise FileError for the whole file."""
    return parse_csv(data, COLUMNS, lambda record: _row(record, today))
