"""The audit log as a CSV download: every entry the filters match, newest first.

Times are written in the reader's time zone with its offset (2026-03-02T10:30:00+01:00), so a
spreadsheet shows what the page shows and the moment stays exact. Each changed field is a line
"field: old → new" in one cell. Cells are formula-neutral (`ambassador.exporting`).
"""

from collections.abc import Iterator

from flask_babel import gettext as _

from ambassador.audit.actions import action_label, change_lines
from ambassador.audit.queries import every_event
from ambassador.audit.search import Filters
from ambassador.clock import zone


def rows(filters: Filters) -> Iterator[list]:
    """A header, then one row per entry matching `filters`."""
    yield [
        _("When"),
        _("Who"),
        _("Email"),
        _("What"),
        _("Code"),
        _("About"),
        _("Email"),
        _("Details"),
        _("Changes"),
    ]
    timezone = zone(filters.timezone)
    for event in every_event(filters):
        yield [
            event.at.astimezone(timezone).isoformat(timespec="seconds"),
            event.actor or _("System"),
            event.actor_email or "",
            action_label(event.action),
            event.action,
            event.subject or "",
            event.subject_email or "",
            event.summary,
            "\n".join(f"{field}: {old} → {new}" for field, old, new in change_lines(event.changes)),
        ]
