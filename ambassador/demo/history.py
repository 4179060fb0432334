"""A year of daily coverage snapshots for the demo, counted from its completion history.

So that the trend shows something on the first visit to `make run`: each past day is counted by
the same plain query as the hourly snapshot, from each person's latest completion by that day.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from ambassador.completions.coverage import standing_on
from ambassador.reports.snapshots import take

DAYS = 365


def snapshot_year(now: datetime, progress: Callable[[int], None] | None = None) -> int:
    """Take a snapshot for each of the last DAYS days and today; how many days."""
    advance = progress or (lambda n: None)
    for back in range(DAYS, -1, -1):
        moment = now - timedelta(days=back)
        take(moment, standing=standing_on(moment))
        advance(1)
    return DAYS + 1
