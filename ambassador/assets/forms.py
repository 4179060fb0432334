"""Forms for images and country contacts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.validators import Length

from ambassador.org.forms import country_choices


class ImageForm(FlaskForm):
    """An image for module content."""

    image = FileField(_l("Image (PNG, JPEG, GIF or WebP)"), validators=[FileRequired(_l("Choose a file."))])
    submit = SubmitField(_l("Upload image"))


class ContactForm(FlaskForm):
    """Support and reporting contacts of one country."""

    country = SelectField(_l("Country"))
    support = TextAreaField(_l("Support"), validators=[Length(max=2000)], render_kw={"rows": 3})
    reporting = TextAreaField(_l("Where to report"), validators=[Length(max=2000)], render_kw={"rows": 3})
    submit = SubmitField(_l("Save contacts"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices()
