"""Forms for offices and people."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from ambassador.forms import Form
from ambassador.org.countries import country_choices
from ambassador.org.models import Role
from ambassador.org.services import timezones
from ambassador.text import one_line

ROLE_LABELS = {
    Role.EMPLOYEE: _l("Employee"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.ADMIN: _l("Administrator"),
}
# The people list filters by role, and by serving as an ambassador.
PEOPLE_FILTERS = {**ROLE_LABELS, "ambassador": _l("Ambassadors")}


def language_choices() -> list[tuple[str, str]]:
    """The interface languages, named in their own language."""
    return list(current_app.config["LANGUAGES"].items())


class OfficeForm(Form):
    """Name, country, time zone and language of an office."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120), one_line])
    country = SelectField(_l("Country"), validators=[DataRequired()])
    timezone = SelectField(_l("Time zone"), validators=[DataRequired()])
    language = SelectField(_l("Language"), validators=[DataRequired()])
    submit = SubmitField(_l("Save office"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices()
        self.timezone.choices = sorted(timezones())
        self.language.choices = language_choices()


class PersonForm(Form):
    """What an administrator may change about a person."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200), one_line])
    office = SelectField(_l("Office"), coerce=int)
    language = SelectField(_l("Language"))
    role = SelectField(_l("Role"), description=_l("What the person may administer."))
    offices = SelectMultipleField(
        _l("Offices served as ambassador"),
        coerce=int,
        description=_l("Anyone can serve as an ambassador, whatever their role. Leave empty for none."),
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, offices, *args, **kwargs):
        super().__init__(*args, **kwargs)
        office_choices = [(office.id, office.name) for office in offices]
        self.office.choices = office_choices
        self.offices.choices = office_choices
        self.language.choices = [("", _l("The office's language"))] + language_choices()
        self.role.choices = [(role.value, label) for role, label in ROLE_LABELS.items()]


class ConfirmForm(Form):
    """A POST button with a CSRF token (deactivate, reactivate and the like)."""

    submit = SubmitField()
