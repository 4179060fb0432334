"""The language switch."""

from flask_wtf import FlaskForm
from wtforms import HiddenField


class LanguageForm(FlaskForm):
    """Chosen by one of several submit buttons named `language`; `next` returns to the page."""

    next = HiddenField()
