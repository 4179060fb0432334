"""Forms of the outbox page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class RetryForm(FlaskForm):
    """Send a failed message again."""

    submit = SubmitField(_l("Retry"))
