"""Personal data: how a feature shows a person what it keeps about them, and how it erases them.

A feature that keeps something about a person declares two functions in its `feature.py`
(conventionally in its `personal.py`):

- `export(person) -> list[Section]`: what it keeps, for the person's own page and JSON download;
- `erase(erasures, now)`: remove or pseudonymise it for every `Erasure`; it flushes, the caller
  commits once for the whole erasure.

The privacy feature collects them through the registry (`features.Registry.exporters`,
`erasers`), so no module has to import every feature. Free text that names a person (an audit
summary, a digest sent to their ambassador) is cleaned with `scrub_columns`: the column is searched
for the people's names and emails, and each mention becomes the pseudonym.
"""

import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

import sqlalchemy as sa
from markupsafe import escape

from ambassador.db import db

ERASED_DOMAIN = "erased.invalid"  # a reserved name (RFC 2606): nothing can ever be sent there
BATCH = 2000  # rows read at a time when searching a column
MIN_MENTION = 3  # a shorter name would match ordinary words; it is cleared on the person's row only


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
        values = (value.strip() for value in (self.email, *self.names) if value)
        plain = {value for value in values if len(value) >= MIN_MENTION}
        html = {str(escape(value)) for value in plain}
        json_text = {json.dumps(value)[1:-1] for value in plain}  # "Åsa" is "\u00c5sa" in JSON text
        return tuple(sorted(plain | html | json_text, key=len, reverse=True))


def _whole_words(values, flags: int = 0) -> re.Pattern:
    """Any of `values` as a whole word (so "Ann" is not found inside "Anna"); none: never matches."""
    if not values:
        return re.compile("(?!)")
    alternatives = "|".join(re.escape(value) for value in sorted(values, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", flags)


class Mentions:
    """Every mention of a batch of people being erased, found and replaced in one pass over a text.

    Texts are searched in lower case with a case-sensitive pattern (many times faster than one
    that ignores case); a text whose lower case is not as long falls back to ignoring case.
    """

    def __init__(self, erasures: Iterable[Erasure]):
        self.pseudonyms: dict[str, str] = {}
        for erasure in erasures:
            for value in erasure.mentions:
                self.pseudonyms.setdefault(value.lower(), erasure.pseudonym)
        self.lowered = _whole_words(self.pseudonyms)
        self.any_case = _whole_words(self.pseudonyms, re.IGNORECASE)
        self.needles = sorted(self.pseudonyms)  # already in lower case

    def _pseudonym(self, match: re.Match) -> str:
        """The pseudonym of whoever a match (ignoring case) names."""
        found = match.group(0)
        known = self.pseudonyms.get(found.lower())
        if known is None:  # a letter whose case the pattern ignored differently
            known = next(
                p for value, p in self.pseudonyms.items() if _whole_words([value], re.I).fullmatch(found)
            )
        return known

    def scrub(self, text: str) -> str:
        """`text` with every mention replaced by the pseudonym of whom it names."""
        lowered = text.lower()
        if len(lowered) != len(text):
            return self.any_case.sub(self._pseudonym, text)
        pieces, last = [], 0
        for match in self.lowered.finditer(lowered):
            pieces += [text[last : match.start()], self.pseudonyms[match.group(0)]]
            last = match.end()
        return "".join([*pieces, text[last:]]) if pieces else text

    def scrub_json(self, value):
        """A JSON value (dicts, lists, strings) with every string scrubbed."""
        if isinstance(value, str):
            return self.scrub(value)
        if isinstance(value, list):
            return [self.scrub_json(item) for item in value]
        if isinstance(value, dict):
            return {key: self.scrub_json(item) for key, item in value.items()}
        return value

    def found_in(self, text: str) -> bool:
        """Whether `text` mentions any of the people."""
        lowered = text.lower()
        if len(lowered) != len(text):
            return self.any_case.search(text) is not None
        return self.lowered.search(lowered) is not None


def _rows_hit(texts: list[str], needles: list[str]) -> list[int]:
    """The indexes of `texts` that contain one of `needles` (in lower case), ignoring case.

    The texts are joined into one string, lowered at once, and each needle is looked for with
    `str.find`, which runs at memory speed: a batch of 50 people costs a few passes over the
    column, not 50 LIKE scans.
    """
    haystack = "\0".join(texts).lower()
    if len(haystack) != sum(len(text) + 1 for text in texts) - 1:  # a letter lowered into two
        haystack = "\0".join(text.lower() for text in texts)
        texts = haystack.split("\0")
    ends = list(accumulate(len(text) + 1 for text in texts))  # just past each text's separator
    hits = set()
    for needle in needles:
        at = haystack.find(needle)
        while at != -1:
            index = bisect_right(ends, at)
            hits.add(index)
            at = haystack.find(needle, ends[index]) if index + 1 < len(ends) else -1
    return sorted(hits)


def rows_mentioning(model, columns: list, mentions: Mentions, where=None) -> list[tuple]:
    """(*primary key, *texts) of the rows of `model` (where `where`) whose `columns` name the people.

    The columns are read in batches (plain rows, no ORM) and searched in Python, ignoring case; a
    row may name them inside a longer word, which `Mentions.found_in` tells apart.
    """
    keys = sa.inspect(model).primary_key
    query = sa.select(*keys, *columns)
    if where is not None:
        query = query.where(where)
    found = []
    result = db.session.connection().execute(query.execution_options(yield_per=BATCH))
    for rows in result.partitions():
        texts = [" ".join(text or "" for text in row[len(keys) :]) for row in rows]
        found.extend(tuple(rows[index]) for index in _rows_hit(texts, mentions.needles))
    return found


def _fit(text: str, length: int | None) -> str:
    """`text` cut to a column's length, with an ellipsis."""
    return text[: length - 1] + "…" if length and len(text) > length else text


def scrub_columns(model, columns: list, erasures: list[Erasure], where=None) -> int:
    """Replace every mention of the people in text columns with their pseudonyms; rows changed.

    The rows (those `where` is true) are searched in one pass; whole-word mentions, ignoring case,
    are replaced, and only the rows that changed are written back, cut to each column's length.
    """
    keys = [key.key for key in sa.inspect(model).primary_key]
    mentions = Mentions(erasures)
    changes = []
    for row in rows_mentioning(model, columns, mentions, where):
        change = {}
        for column, text in zip(columns, row[len(keys) :], strict=True):
            cleaned = mentions.scrub(text or "")
            if text and cleaned != text:
                change[column.key] = _fit(cleaned, getattr(column.type, "length", None))
        if change:
            changes.append({**dict(zip(keys, row, strict=False)), **change})
    if changes:
        db.session.execute(sa.update(model), changes)
    return len(changes)
