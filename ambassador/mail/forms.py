"""Forms of the outbox page."""

from flask_babel import lazy_gettext as _l
from wtforms import SubmitField

from ambassador.forms import Form


class RetryForm(Form):
    """Send a failed message again."""

    submit = SubmitField(_l("Retry"))
