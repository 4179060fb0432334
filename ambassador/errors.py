"""The one kind of error a rule raises for a person to read."""

from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape


class PlainText(LazyString):
    """A message translated when shown, which templates escape like any other text.

    Flask-Babel's lazy strings pass for safe HTML (they have `__html__`), so the values put into a
    message, typed by a person or read from an uploaded file, would reach the page unescaped.
    """

    def __html__(self) -> Markup:
        return escape(str(self))


class UserError(Exception):
    """A change the rules refuse. `message` is shown to the person; `field` names the form field."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = PlainText(str, message)
        self.field = field
