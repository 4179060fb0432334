"""The language switch."""

from wtforms import HiddenField

from ambassador.forms import Form


class LanguageForm(Form):
    """Chosen by one of several submit buttons named `language`; `next` returns to the page."""

    next = HiddenField()
