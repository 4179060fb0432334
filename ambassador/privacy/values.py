"""How a value of a person's data reads on their page, in their language and time zone."""

from datetime import date, datetime

from flask_babel import format_date
from flask_babel import gettext as _

from ambassador.web import format_datetime


def personal_value(value) -> str:
    """A moment, a day, yes or no, a list, or the value as it is; "–" for nothing."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, list | tuple):
        return ", ".join(personal_value(item) for item in value)
    return str(value)
