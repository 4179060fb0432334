"""The one source of "now": swap it in tests with `set_clock`."""

from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo

_clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return _clock()


def set_clock(clock: Callable[[], datetime] | None) -> None:
    """Replace the clock (tests); None restores the system clock."""
    global _clock
    _clock = clock or (lambda: datetime.now(UTC))


@cache
def zone(name: str) -> ZoneInfo:
    """The time zone `name`, loaded once (ZoneInfo keeps only a few zones loaded by itself)."""
    return ZoneInfo(name)


def local_day(moment: datetime, timezone: str) -> date:
    """The local day of a UTC moment in a time zone (an office's day, not UTC's)."""
    return moment.astimezone(zone(timezone)).date()
