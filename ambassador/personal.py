"""Personal data: how a feature shows a person what it keeps about them, and how it erases them.

A feature that keeps something about a person declares two functions in its `feature.py`
(conventionally in its `personal.py`):

- `export(person) -> list[Section]`: what it keeps, for the person's own page and JSON download;
- `erase(erasures, now)`: remove or pseudonymise it for every `Erasure`; it flushes, the caller
  commits once for the whole erasure.

The privacy feature collects them through the registry (`features.Registry.exporters`,
`erasers`), so no module has to import every feature. Free text that names a person (an audit
summary, a digest sent to their ambassador) is cleaned with `scrub_columns`: only the rows that
mention one of the person's identifiers are read, and each mention becomes the pseudonym.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import sqlalchemy as sa
from markupsafe import escape

from ambassador.db import db

ERASED_DOMAIN = "erased.invalid"  # a reserved name (RFC 2606): nothing can ever be sent there
CHUNK = 25  # erasures searched for per statement (each adds a few LIKE terms)


@dataclass(frozen=True)
class Column:
    """A key of a section's rows shown on the page, with its heading."""

    key: str
    heading: object


@dataclass(frozen=True)
class Section:
    """What one feature keeps about a person, for the readable page and the JSON download.

    `rows` are plain dicts of str, int, bool, None, date and datetime values (lists of them too).
    The page shows the `columns`; the JSON download has every key of every row. A `single`
    section (the profile) is one row shown as a list of facts. Sections are shown by `order`,
    then in the order of the features.
    """

    key: str
    title: object
    columns: tuple[Column, ...]
    rows: list[dict]
    single: bool = False
    note: object = None
    order: int = 50


def rows_of(query: sa.Select) -> list[dict]:
    """The rows of a query as dicts keyed by its column labels (a section's rows)."""
    return [dict(row) for row in db.session.execute(query).mappings()]


def pseudonym(person_id: int) -> str:
    """The name an erased person is known by from then on: tells nobody who they were."""
    return f"erased-{person_id}"


@dataclass(frozen=True)
class Erasure:
    """One person being erased: who, the pseudonym they get, and what identified them.

    `names` holds the current name first, then former ones (read from the audit trail). The
    employee id is not searched for in free text (a short number would match unrelated text);
    it is kept only on the person's row, which is cleared.
    """

    person_id: int
    email: str
    names: tuple[str, ...]
    employee_id: str | None = None

    @property
    def pseudonym(self) -> str:
        """The pseudonym that replaces every name and address."""
        return pseudonym(self.person_id)

    @property
    def pseudonymous_email(self) -> str:
        """A unique address that reaches nobody, for the email column."""
        return f"{self.pseudonym}@{ERASED_DOMAIN}"

    @cached_property
    def mentions(self) -> tuple[str, ...]:
        """What is searched for in free text: the email and every name, also as HTML and JSON write them."""
        plain = {value.strip() for value in (self.email, *self.names) if value and value.strip()}
        html = {str(escape(value)) for value in plain}
        json_text = {json.dumps(value)[1:-1] for value in plain}  # "Åsa" is "\u00c5sa" in JSON text
        return tuple(sorted(plain | html | json_text, key=len, reverse=True))

    @cached_property
    def pattern(self) -> re.Pattern:
        """Any mention as a whole word (so "Ann" is not found inside "Anna"), ignoring case."""
        alternatives = "|".join(re.escape(value) for value in self.mentions)
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def scrub(self, text: str) -> str:
        """`text` with every mention of the person replaced by their pseudonym."""
        return self.pattern.sub(self.pseudonym, text)


def scrub_text(text: str, erasures: Iterable[Erasure]) -> str:
    """`text` with every mention of any of the people replaced by their pseudonyms."""
    for erasure in erasures:
        text = erasure.scrub(text)
    return text


def scrub_json(value, erasures: list[Erasure]):
    """A JSON value (dicts, lists, strings) with every string scrubbed."""
    if isinstance(value, str):
        return scrub_text(value, erasures)
    if isinstance(value, list):
        return [scrub_json(item, erasures) for item in value]
    if isinstance(value, dict):
        return {key: scrub_json(item, erasures) for key, item in value.items()}
    return value


def mentions_any(text: str, erasures: Iterable[Erasure]) -> bool:
    """Whether `text` mentions any of the people."""
    return any(erasure.pattern.search(text) for erasure in erasures)


def _mentioning(column, erasures: list[Erasure]) -> sa.ColumnElement[bool]:
    """SQL: the column may hold one of the mentions, ignoring case (a first sift).

    SQLite lowers ASCII letters only, so a mention with other letters is also looked for as written.
    """
    terms = []
    for value in sorted({value for erasure in erasures for value in erasure.mentions}):
        terms.append(sa.func.lower(column).contains(value.lower(), autoescape=True))
        if not value.isascii():
            terms.append(column.contains(value, autoescape=True))
    return sa.or_(*terms)


def rows_mentioning(model, columns: list, erasures: list[Erasure]) -> list[tuple]:
    """(*primary key, *texts) of the rows of `model` whose `columns` may mention one of the people."""
    keys = sa.inspect(model).primary_key
    found = []
    for start in range(0, len(erasures), CHUNK):
        chunk = erasures[start : start + CHUNK]
        query = sa.select(*keys, *columns).where(sa.or_(*(_mentioning(column, chunk) for column in columns)))
        found.extend(db.session.execute(query).tuples())
    return found


def _fit(text: str, length: int | None) -> str:
    """`text` cut to a column's length, with an ellipsis."""
    return text[: length - 1] + "…" if length and len(text) > length else text


def scrub_columns(model, columns: list, erasures: list[Erasure]) -> int:
    """Replace every mention of the people in text columns with their pseudonyms; rows changed.

    The database sifts the rows in one pass (LIKE); Python finds whole-word mentions, ignoring
    case, and writes back only the rows that changed, cut to each column's length.
    """
    keys = [key.key for key in sa.inspect(model).primary_key]
    changes = []
    for row in rows_mentioning(model, columns, erasures):
        change = {}
        for column, text in zip(columns, row[len(keys) :], strict=True):
            cleaned = scrub_text(text or "", erasures)
            if text and cleaned != text:
                change[column.key] = _fit(cleaned, getattr(column.type, "length", None))
        if change:
            changes.append({**dict(zip(keys, row, strict=False)), **change})
    if changes:
        db.session.execute(sa.update(model), changes)
    return len(changes)
