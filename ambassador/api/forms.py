"""The token page's forms."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ambassador.api.tokens import NAME_LENGTH
from ambassador.forms import Form
from ambassador.text import one_line


class TokenForm(Form):
    """Name a new token after what will use it."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=NAME_LENGTH), one_line],
        description=_l("What will use it, e.g. “Annual report workbook”."),
    )


class RevokeForm(Form):
    """Revoke one token (a POST with its CSRF token)."""
