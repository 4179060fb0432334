"""Writing thousands of rows: in batches, inside the caller's one transaction."""

from collections.abc import Callable, Iterator

BATCH = 2000  # rows per statement: large enough to be fast, small enough to keep memory flat


def batches(items: list, size: int = BATCH) -> Iterator[list]:
    """Yield `items` in slices of `size`."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def counted(items: list, progress: Callable[[int], None] | None) -> Iterator:
    """Yield each item, telling `progress` how many went by every BATCH items and at the end."""
    for index, item in enumerate(items, 1):
        yield item
        if progress and index % BATCH == 0:
            progress(BATCH)
    if progress:
        progress(len(items) % BATCH)
