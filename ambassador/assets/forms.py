"""Forms for country contacts."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.validators import Length

from ambassador.assets.services import MAX_CONTACT_LENGTH
from ambassador.forms import Form
from ambassador.org.forms import country_choices


class CountryChoiceForm(Form):
    """Pick a country whose contacts to write (a GET form, so no CSRF token)."""

    class Meta:
        csrf = False

    country = SelectField(_l("Country"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", _l("Choose a country"))] + country_choices()


def contact_form(languages: dict[str, str]):
    """A form with the support and reporting contacts of one country in each of `languages`."""

    class ContactForm(Form):
        submit = SubmitField(_l("Save contacts"))

    for language in languages:
        for name, label in (("support", _l("Support")), ("reporting", _l("Where to report"))):
            setattr(
                ContactForm,
                f"{name}_{language}",
                TextAreaField(
                    label,
                    validators=[Length(max=MAX_CONTACT_LENGTH)],
                    render_kw={"rows": 3, "lang": language},
                ),
            )
    return ContactForm
