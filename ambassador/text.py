"""Checks of one-line text people type: names end up in email headers, PDFs and CSV files.

Names (of people, offices, modules) are one line of visible text. Line breaks, tabs and other
control characters would split an email header or garble a certificate, and bidirectional
overrides make a name read differently from what it is. Markdown content is not a name: its
line breaks and tabs stay allowed.
"""

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

CONTROL_MESSAGE = _l("Use one line of text, without line breaks, tabs or other control characters.")
# Line and paragraph separators (Zl, Zp) break a line like a newline; these Cf characters
# override or isolate the text direction. Zero-width joiners stay: some scripts need them.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_control_characters(value: str) -> bool:
    """True when `value` holds a control character, a line break or a direction override."""
    return any(char in _BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in value)


def one_line(form, field) -> None:
    """WTForms validator: refuse a name with line breaks or other control characters."""
    if isinstance(field.data, str) and has_control_characters(field.data):
        raise ValidationError(CONTROL_MESSAGE)
