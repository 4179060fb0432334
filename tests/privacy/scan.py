"""Search every column of every table in the database for values, whatever the schema holds today."""

import json

import sqlalchemy as sa
from markupsafe import escape

from ambassador.db import db


def _as_text(value) -> str | None:
    """A stored value as searchable text: strings, files (UTF-8 or Windows-1252) and JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | memoryview):
        data = bytes(value)
        return data.decode("utf-8", errors="replace") + "\n" + data.decode("cp1252", errors="replace")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False) + "\n" + json.dumps(value)
    return None


def _forms(value: str) -> set[str]:
    """A value as written, as HTML writes it and as JSON text writes it, ignoring case."""
    return {form.casefold() for form in (value, str(escape(value)), json.dumps(value)[1:-1])}


def columns_holding(*values: str) -> list[str]:
    """`table.column` of every cell that contains one of `values`, ignoring case (committed rows).

    The tables are read from the database itself (reflected), so a table added later is searched
    without changing this test.
    """
    db.session.commit()
    needles = set().union(*(_forms(value) for value in values if value))
    metadata = sa.MetaData()
    metadata.reflect(db.engine)
    found = set()
    with db.engine.connect() as connection:
        for table in metadata.tables.values():
            for row in connection.execute(table.select()):
                for column, value in zip(table.columns, row, strict=True):
                    text = _as_text(value)
                    if text and any(needle in text.casefold() for needle in needles):
                        found.add(f"{table.name}.{column.name}")
    return sorted(found)
