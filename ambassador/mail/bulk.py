"""Queueing many messages of one template at once: a morning's reminders, thousands of them.

The same rows and the same once-per-key rule as `services.queue`, made faster where it costs:
keys already in the outbox are left out before anything is rendered; a template is rendered once
per language and context, each person's name written in after (exactly as the template writes
it); rows are inserted many to a statement, still skipping any key queued meanwhile.
"""

import secrets
from collections.abc import Iterable

from markupsafe import escape

from ambassador.db import db
from ambassador.mail.services import insert_new, render

ROWS_PER_INSERT = 500
MARK = "ambassadorrecipientname"


def queue_rows(rows: Iterable[dict]) -> int:
    """Insert rows of `services.message_row`, skipping keys already queued; how many were new.

    The caller commits.
    """
    db.session.flush()  # pending changes first, as the session's own statements do
    new, chunk = 0, []
    for row in rows:
        chunk.append(row)
        if len(chunk) == ROWS_PER_INSERT:
            new += _insert(chunk)
            chunk = []
    return new + (_insert(chunk) if chunk else 0)


def _insert(chunk: list[dict]) -> int:
    """Insert one chunk: one statement executed for every row; how many rows were new."""
    statement = insert_new().execution_options(preserve_rowcount=True)
    return db.session.connection().execute(statement, chunk).rowcount


class _NeedsPerson(Exception):
    """The template reads more of the person than their name and language."""


class _Anyone:
    """A recipient of one language whose name is a placeholder; asking for anything else is refused."""

    def __init__(self, locale: str, name: str):
        """A stand-in for everyone of `locale`."""
        self.locale = locale
        self.name = name

    def __getattr__(self, attribute: str):
        """Any other attribute: the template needs the real person."""
        raise _NeedsPerson(attribute)


class Renderer:
    """Renders `template` for many people: once per language and context, then each name written in.

    Every part comes out exactly as `services.render` makes it: the name as the text writes it,
    escaped in HTML. A template that reads more of the person, changes the name (a filter) or
    puts it in the subject is rendered for each person by `services.render`.
    """

    def __init__(self, template: str):
        """Render `template` (a name under templates/email/)."""
        self.template = template
        self.placeholder = f"{MARK}{secrets.token_hex(8)}<&>\"'"
        self._shared: dict = {}

    def render(self, person, context: dict) -> tuple[str, str, str | None]:
        """Subject, text and HTML of the message to `person`."""
        try:
            case = (person.locale, tuple(sorted(context.items())))
            if case not in self._shared:
                self._shared[case] = self._for_anyone(person.locale, context)
        except TypeError:  # a context that cannot be a key
            return render(self.template, person, context)
        shared = self._shared[case]
        if shared is None:
            return render(self.template, person, context)
        subject, text, html = shared
        text = text.replace(self.placeholder, person.name)
        if html is not None:
            html = html.replace(str(escape(self.placeholder)), str(escape(person.name)))
        return subject, text, html

    def _for_anyone(self, locale: str, context: dict) -> tuple[str, str, str | None] | None:
        """The parts with the placeholder for a name, or None when they cannot be shared."""
        try:
            subject, text, html = render(self.template, _Anyone(locale, self.placeholder), context)
        except _NeedsPerson:
            return None
        intact = _only_as(text, self.placeholder) and (
            html is None or _only_as(html, str(escape(self.placeholder)))
        )
        return (subject, text, html) if intact and MARK not in subject.lower() else None


def _only_as(part: str, placeholder: str) -> bool:
    """Whether every trace of the placeholder in `part` is the placeholder itself, unchanged."""
    return part.lower().count(MARK) == part.count(placeholder)
