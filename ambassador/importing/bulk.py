"""Writing thousands of rows: in batches, inside the caller's one transaction."""

from collections.abc import Iterator

BATCH = 2000  # rows per statement: large enough to be fast, small enough to keep memory flat


def batches(items: list, size: int = BATCH) -> Iterator[list]:
    """Yield `items` in slices of `size`."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
