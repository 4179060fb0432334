"""The API's query parameters, checked strictly: a bad value is a 400 with a clear message.

Unlike the dashboard, which shows the default with a message, a program asking for something that
does not exist must hear so, not receive other figures than it asked for.
"""

import re
from datetime import date

from werkzeug.datastructures import MultiDict

from ambassador.api.guard import ApiError
from ambassador.reports.queries import GROUPS, Filters

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_ID = 2**31 - 1


def positive_int(args: MultiDict, name: str, *, default: int | None = None) -> int | None:
    """A whole number ≥ 1 from the query string (the default when absent), else a 400."""
    raw = args.get(name, "").strip()
    if not raw:
        if default is None:
            raise ApiError(400, f"`{name}` is required.")
        return default
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
        raise ApiError(400, f"`{name}` must be a whole number of at least 1, not “{raw[:40]}”.")
    return int(raw)


def group(args: MultiDict) -> str:
    """The grouping asked for: office, country or module."""
    by = args.get("by", "").strip()
    if by not in GROUPS:
        raise ApiError(400, f"`by` must be one of {', '.join(GROUPS)}.")
    return by


def snapshot_day(raw: str, first: date, latest: date, today: date) -> date:
    """The snapshot day asked for (the latest when absent), or a 400 saying why not."""
    raw = raw.strip()
    if not raw:
        return latest
    try:
        day = date.fromisoformat(raw) if DAY.fullmatch(raw) else None
    except ValueError:
        day = None
    if day is None:
        raise ApiError(400, f"`as_of` must be a date written YYYY-MM-DD, not “{raw[:40]}”.")
    if day > today:
        raise ApiError(400, f"`as_of` {raw} is in the future.")
    if day < first:
        raise ApiError(400, f"`as_of` {raw} is before the first snapshot, taken on {first.isoformat()}.")
    if day > latest:
        raise ApiError(400, f"There are no figures after {latest.isoformat()} yet.")
    return day


def coverage_filters(args: MultiDict, days: tuple[date, date], today: date, modules, countries) -> Filters:
    """The day, country and module of a coverage call; each unknown value is a 400."""
    country = args.get("country", "").strip().upper()
    if country and country not in countries:
        raise ApiError(400, f"There is no office in the country “{country[:40]}”.")
    module_id = positive_int(args, "module") if args.get("module", "").strip() else None
    if module_id is not None and module_id not in modules:
        raise ApiError(400, f"There is no module with the id {module_id}.")
    first, latest = days
    day = snapshot_day(args.get("as_of", ""), first, latest, today)
    return Filters(day, country, module_id)
