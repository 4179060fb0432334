"""Writing files for spreadsheets: cells that stay text, and CSV streamed a chunk at a time.

- A cell a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage return)
  is written with a leading apostrophe: a name like "=HYPERLINK(...)" stays text.
- CSV is UTF-8 with a byte-order mark, which Excel needs to read it.
"""

import csv
import io
from collections.abc import Iterable, Iterator

from flask import Response, stream_with_context

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(FORMULA_START)  # the same, for a test of a cell's first character


def safe(value) -> object:
    """A cell's value, with text that a spreadsheet would run as a formula made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_stream(rows: Iterable[list]) -> Iterator[str]:
    """CSV text (UTF-8 with a byte-order mark), formula-neutral, a chunk of 1,000 rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for n, row in enumerate(rows, 1):
        writer.writerow([safe(cell) for cell in row])
        if n % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_download(rows: Iterable[list], filename: str) -> Response:
    """A response streaming `rows` as a CSV file named `filename`, inside the request's context."""
    response = Response(stream_with_context(csv_stream(rows)), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
