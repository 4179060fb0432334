"""The reminder plan form."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional

from ambassador.forms import Form
from ambassador.reminders.services import PLAN_LIMITS


def _range(name: str) -> NumberRange:
    """The allowed range of a plan setting, from the one table the service checks too."""
    low, high = PLAN_LIMITS[name]
    return NumberRange(low, high)


class PlanForm(Form):
    """When a module's learners are reminded; the forecast shows what it means before saving."""

    window_opens = BooleanField(_l("When the refresher window opens"))
    days_before = IntegerField(
        _l("Days before the due date"),
        validators=[Optional(), _range("days_before")],
        description=_l("Leave empty for no reminder before the due date."),
    )
    on_due_date = BooleanField(_l("On the due date"))
    overdue_every = IntegerField(
        _l("While overdue, every this many days"), validators=[InputRequired(), _range("overdue_every")]
    )
    overdue_max = IntegerField(
        _l("At most this many times while overdue"), validators=[InputRequired(), _range("overdue_max")]
    )
    forecast = SubmitField(_l("Show the forecast"))
    submit = SubmitField(_l("Save reminders"))
