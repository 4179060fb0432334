"""Exports of the coverage tables and of everyone's status, as CSV and as Excel, streamed.

- The office, country and module tables come from the day's snapshot, with the filters of the page.
- The people export is every active person's status for every module required of them, counted
  live from the standing: a row per person (`people_query`), read with a server-side cursor in
  batches and written row by row, so 100,000 people take bounded memory. As CSV, streamed to the
  browser, a row per person and module with the day it expires; as Excel, through XlsxWriter's
  constant-memory mode into a temporary file, a row per person with a column per module (a sheet
  holds 1,048,576 rows), each row of plain text written whole (`ambassador.exporting.xlsx_file`).
- A cell a spreadsheet would run as a formula stays text (`ambassador.exporting.safe`).
"""

from collections.abc import Iterator
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from ambassador.completions.coverage import status_matrix
from ambassador.completions.status import LABELS, Status
from ambassador.db import read_through
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
    day, office = filters.day.isoformat(), group == "office"
    for line in queries.sort(queries.table(group, filters, titles), "name", False):
        _key, name, required, valid, refresher_open, overdue, to_do, country = line
        coverage = line.coverage
        yield [
            names(name) if group == "country" else name,
            country if office else "",
            required,
            valid,
            refresher_open,
            overdue,
            to_do,
            "" if coverage is None else round(coverage, 4),
            day,
        ]


def people_rows(modules, titles: dict[int, str], now: datetime, country: str = "") -> Iterator[list]:
    """Every active person's status for each module required of them, live: one statement, streamed.

    The CSV layout of everyone's status: a row per person and module, with the day the latest
    completion expires. Read a row per person (`people_query`, with the expiry) and written out
    per module: the database sorts 100,000 people rather than a million of their modules.
    """
    yield [*_person_header(), _("Module"), _("Status"), _("Expires")]
    published = sorted((module for module in modules if module.published), key=lambda module: module.id)
    ordered = people_query(published, now, country, expiry=True)
    if ordered is None:
        return
    labels, not_required = _labels(), Status.NOT_REQUIRED.value
    module_titles = [titles.get(module.id, "") for module in published]
    for name, email, employee_id, office, country_, *pairs in read_through(ordered, BATCH):
        person = [name, email, employee_id or "", office, country_]
        for title, status, expires_on in zip(module_titles, pairs[::2], pairs[1::2], strict=True):
            if status != not_required:
                # The day as the database writes it: text on SQLite, a date on PostgreSQL.
                yield [*person, title, labels[status], str(expires_on) if expires_on else ""]


def _person_header() -> list[str]:
    """The people exports' first columns."""
    return [_("Name"), _("Email"), _("Employee id"), _("Office"), _("Country")]


def _labels() -> dict[str, str]:
    """Each status's label, translated once, not per row (not required: blank)."""
    labels = {status.value: str(label) for status, label in LABELS.items()}
    labels[Status.NOT_REQUIRED.value] = ""
    return labels


def people_query(modules, now: datetime, country: str = "", expiry: bool = False) -> sa.Select | None:
    """Everyone once, by office and name, with a status column per published module (None: no module).

    With `expiry`, each status is followed by the day the latest completion expires, as the
    database writes it (UTC): a million datetimes turned into Python objects and back into
    text took longer than the query.
    """
    columns = (Person.name, Person.email, Person.employee_id, Office.name, Office.country)
    where = Office.country == country if country else None
    matrix = status_matrix(modules, now, *columns, where=where, expiry=expiry)
    return None if matrix is None else matrix.order_by(Office.name, Person.name, Person.id)


def people_matrix_rows(modules, titles: dict[int, str], now: datetime, country: str = "") -> Iterator[list]:
    """Every active person once, with their status for each published module (blank: not required).

    The Excel layout of everyone's status: a row per person and a column per module, as the
    drill-down shows them. A row per person and module (the CSV) passes a sheet's 1,048,576 rows
    at about 100,000 people, and costs XlsxWriter seven times the cells.
    """
    published = [module for module in modules if module.published]
    yield [*_person_header(), *[titles.get(module.id, "") for module in published]]
    ordered = people_query(published, now, country)
    if ordered is None:
        return
    labels = _labels()
    for name, email, employee_id, office, country_, *statuses in read_through(ordered, BATCH):
        yield [name, email, employee_id or "", office, country_, *[labels[value] for value in statuses]]
