"""The workshop form: module, day and attendees (checkboxes of the office's people)."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, SelectMultipleField, SubmitField
from wtforms.validators import DataRequired, InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from ambassador.forms import Form


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as one checkbox per choice."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class WorkshopForm(Form):
    """A workshop held: which module it counts for, the day, who attended."""

    module = SelectField(_l("Module it counts for"), coerce=int, validators=[InputRequired()])
    held_on = DateField(_l("Day it was held"), validators=[DataRequired(_l("Write the day as YYYY-MM-DD."))])
    attendees = CheckboxesField(_l("Attendees"), coerce=int)
    submit = SubmitField(_l("Save the workshop"))


class WithdrawForm(Form):
    """Withdraw a workshop and its completions."""

    submit = SubmitField(_l("Withdraw the workshop"))
