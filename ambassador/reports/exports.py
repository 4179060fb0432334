"""Exports of the coverage tables and of everyone's status, as CSV and as Excel, streamed.

- The office, country and module tables come from the day's snapshot, with the filters of the page.
- The people export is every active person's status for every module required of them, counted
  live from the standing: read with a server-side cursor in batches and written row by row, CSV and
  Excel alike streamed to the browser as they are written (`reports.xlsx`), so 100,000 people take
  bounded memory.
- A cell a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage return)
  is written with a leading apostrophe: a name like "=HYPERLINK(...)" stays text.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from ambassador.completions.coverage import status_rows
from ambassador.completions.status import LABELS, Status
from ambassador.db import db
from ambassador.org.models import Office, Person
from ambassador.reports import queries, xlsx

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BATCH = 5000


def safe(row: list) -> list:
    """A row's cells, with text that a spreadsheet would run as a formula made plain text."""
    return ["'" + cell if type(cell) is str and cell.startswith(FORMULA_START) else cell for cell in row]


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


def people_query(modules, now: datetime, country: str = "") -> sa.Select | None:
    """Everyone's status for each module required of them, by office and name (None: no published module)."""
    every = status_rows(
        modules,
        now,
        Person.id.label("person_id"),
        Person.name.label("name"),
        Person.email.label("email"),
        Person.employee_id.label("employee_id"),
        Office.name.label("office"),
        Office.country.label("country"),
        where=Office.country == country if country else None,
    )
    if every is None:
        return None
    every = every.subquery()
    return (
        sa.select(every)
        .where(every.c.status != Status.NOT_REQUIRED.value)
        .order_by(every.c.office, every.c.name, every.c.person_id, every.c.module_id)
    )


def people_rows(modules, titles: dict[int, str], now: datetime, country: str = "") -> Iterator[list]:
    """Every active person's status for each module required of them, live: one statement, streamed."""
    yield [
        _("Name"),
        _("Email"),
        _("Employee id"),
        _("Office"),
        _("Country"),
        _("Module"),
        _("Status"),
        _("Expires"),
    ]
    ordered = people_query(modules, now, country)
    if ordered is None:
        return
    labels = {status.value: str(label) for status, label in LABELS.items()}  # translated once, not per row
    rows = db.session.execute(ordered.execution_options(stream_results=True, yield_per=BATCH))
    for _id, name, email, employee_id, office, country, module_id, status, expires_at in rows:
        expires = expires_at.date().isoformat() if expires_at else ""
        yield [
            name,
            email,
            employee_id or "",
            office,
            country,
            titles.get(module_id, ""),
            labels[status],
            expires,
        ]


def csv_stream(rows: Iterable[list]) -> Iterator[str]:
    """CSV text (UTF-8 with a byte-order mark, which Excel needs to read it), a chunk at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for n, row in enumerate(rows, 1):
        writer.writerow(safe(row))
        if n % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_stream(rows: Iterable[list], sheet: str) -> Iterator[bytes]:
    """An .xlsx file, streamed as it is written (`reports.xlsx`), its text cells made safe."""
    return xlsx.stream((safe(row) for row in rows), sheet)
