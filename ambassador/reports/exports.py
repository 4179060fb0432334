"""Exports of the coverage tables and of everyone's status, as CSV and as Excel, streamed.

- The office, country and module tables come from the day's snapshot, with the filters of the page.
- The people export is every active person's status for every module required of them, counted
  live from the standing: read with a server-side cursor in batches and written row by row (CSV
  streamed to the browser; Excel through XlsxWriter's constant-memory mode into a temporary file),
  so 100,000 people take bounded memory.
- A cell a spreadsheet would run as a formula stays text (`ambassador.exporting.safe`).
"""

import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime

import sqlalchemy as sa
import xlsxwriter
from flask_babel import gettext as _

from ambassador.completions.coverage import status_rows
from ambassador.completions.status import LABELS, Status
from ambassador.db import db
from ambassador.exporting import safe
from ambassador.org.models import Office, Person
from ambassador.reports import queries

BATCH = 5000


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
    # The day it expires, as the database writes it (UTC): a million datetimes turned into Python
    # objects and back into text took longer than the query (SQLite hands them over as text).
    expires_on = sa.func.date(every.c.expires_at, type_=sa.String).label("expires_on")
    columns = [column for column in every.c if column.name != "expires_at"]
    return (
        sa.select(*columns, expires_on)
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
    # On the session's connection, not through the ORM, which costs some microseconds a row.
    rows = db.session.connection().execute(ordered.execution_options(stream_results=True, yield_per=BATCH))
    for _id, name, email, employee_id, office, country, module_id, status, expires_on in rows:
        expires = str(expires_on) if expires_on else ""  # text on SQLite, a date on PostgreSQL
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


def xlsx_file(rows: Iterable[list], sheet: str):
    """An .xlsx file written row by row in constant memory; returned open at its start."""
    target = tempfile.TemporaryFile()  # noqa: SIM115  (send_file reads and closes it)
    book = xlsxwriter.Workbook(
        target,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "in_memory": False},
    )
    sheet_ = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            sheet_.write(r, c, safe(cell), bold if r == 0 else None)
    book.close()
    target.seek(0)
    return target
