"""The audit log's filters, read from a query string: by person, kind of change and days.

- Days are the reader's local days (their office's time zone): "from" starts at local midnight,
  "to" ends at the next one. Entries are stored in UTC and compared in UTC.
- A person is found by a part of their name or email (`find_people`, given by the page: the
  people are a layer above), and matches what they did and what was done about them. A text that
  matches more than `MOST_PEOPLE` people ("a") is too broad to search the log by.
- A filter that cannot be used (not a date, a kind that does not exist, "from" after "to", a
  person text matching too many) is dropped with a message saying so, and the rest still apply:
  never an error page.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _

from ambassador.audit.actions import ACTION_LABELS
from ambassador.clock import zone

PERSON_LENGTH = 100
MOST_PEOPLE = 500


@dataclass(frozen=True)
class Filters:
    """What the reader asked for; `people` are the ids of the people matching `person`."""

    person: str = ""
    action: str = ""
    day_from: date | None = None
    day_to: date | None = None
    timezone: str = "UTC"
    people: tuple[int, ...] | None = None

    @property
    def start(self) -> datetime | None:
        """The first moment shown (UTC): local midnight at the start of `day_from`."""
        return _midnight(self.day_from, self.timezone) if self.day_from else None

    @property
    def end(self) -> datetime | None:
        """The first moment no longer shown (UTC): local midnight after `day_to`."""
        return _midnight(self.day_to + timedelta(days=1), self.timezone) if self.day_to else None

    def args(self) -> dict[str, str]:
        """The filters as a query string's values (for the download link), without empty ones."""
        values = {
            "person": self.person,
            "action": self.action,
            "from": self.day_from.isoformat() if self.day_from else "",
            "to": self.day_to.isoformat() if self.day_to else "",
        }
        return {name: value for name, value in values.items() if value}


def _midnight(day: date, timezone: str) -> datetime:
    """The UTC moment at which `day` starts in `timezone`."""
    return datetime.combine(day, time(0), tzinfo=zone(timezone)).astimezone(UTC)


def _day(raw: str, timezone: str, problems: list[str]) -> date | None:
    """A day written YYYY-MM-DD, or None with a message saying why it is not used."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
        # A day at either end of the calendar has no midnight in every time zone.
        _midnight(day, timezone), _midnight(day + timedelta(days=1), timezone)
    except (ValueError, OverflowError):
        problems.append(
            _("“%(value)s” is not a date: write it as YYYY-MM-DD. Showing every day.", value=raw[:20])
        )
        return None
    return day


def _people(person: str, find_people: Callable[[str, int], list[int]], problems: list[str]):
    """The ids of the people `person` matches, or None with a message when it matches too many."""
    if not person:
        return None
    ids = find_people(person, MOST_PEOPLE + 1)
    if len(ids) > MOST_PEOPLE:
        problems.append(
            _(
                "More than %(n)s people match “%(value)s”: type more of a name or an email. "
                "Showing everyone.",
                n=MOST_PEOPLE,
                value=person,
            )
        )
        return None
    return tuple(ids)


def parse(
    args: Mapping[str, str], timezone: str, find_people: Callable[[str, int], list[int]]
) -> tuple[Filters, list[str]]:
    """The filters in `args` (person, action, from, to) and a message for each one dropped.

    `find_people(text, limit)` returns the ids of at most `limit` people whose name or email holds `text`.
    """
    problems: list[str] = []
    action = args.get("action", "").strip()
    if action and action not in ACTION_LABELS:
        problems.append(_("There is no such kind of change. Showing every kind."))
        action = ""
    day_from = _day(args.get("from", ""), timezone, problems)
    day_to = _day(args.get("to", ""), timezone, problems)
    if day_from and day_to and day_from > day_to:
        problems.append(_("The first day is after the last day. Showing every day."))
        day_from = day_to = None
    person = " ".join(args.get("person", "").split())[:PERSON_LENGTH]
    people = _people(person, find_people, problems)
    if people is None:
        person = ""
    return Filters(person, action, day_from, day_to, timezone, people), problems
