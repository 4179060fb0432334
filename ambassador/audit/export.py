"""The audit log as a CSV download: every entry the filters match, newest first.

Times are written in the reader's time zone with its offset (2026-03-02T10:30:00+01:00), so a
spreadsheet shows what the page shows and the moment stays exact. Each changed field is a line
"field: old → new" in one cell. Cells are formula-neutral (`ambassador.exporting`).
"""

from collections.abc import Iterator
from functools import cache, partial

from flask_babel import gettext as _

from ambassador.audit.actions import action_label, change_lines, field_label, value_text, value_words
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
    timezone, system = zone(filters.timezone), _("System")
    # Translated once per export, not once a row (a lookup in the translations is slow).
    action, label = cache(action_label), cache(field_label)
    text = partial(value_text, words=value_words())
    for event in every_event(filters):
        lines = change_lines(event.changes, label, text)
        yield [
            event.at.astimezone(timezone).isoformat(timespec="seconds"),
            event.actor or system,
            event.actor_email or "",
            action(event.action),
            event.action,
            event.subject or "",
            event.subject_email or "",
            event.summary,
            "\n".join(f"{field}: {old} → {new}" for field, old, new in lines),
        ]
