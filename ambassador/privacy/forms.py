"""The administrator's confirmation of an erasure."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SubmitField
from wtforms.validators import DataRequired

from ambassador.forms import Form


class EraseForm(Form):
    """Erasing cannot be undone, so the administrator ticks that they understand."""

    understood = BooleanField(
        _l("I understand that this cannot be undone."),
        validators=[DataRequired(_l("Tick the box to confirm that this cannot be undone."))],
    )
    submit = SubmitField(_l("Erase permanently"))
