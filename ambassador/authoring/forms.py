"""Forms for writing modules: settings, texts, questions, images, contacts, import."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ambassador.authoring.questions import MAX_CHOICES
from ambassador.authoring.services import LIMITS
from ambassador.forms import Form
from ambassador.org.forms import country_choices, language_choices
from ambassador.text import one_line
from ambassador.training.labels import AUDIENCE_LABELS
from ambassador.training.models import QuestionKind

CHOICES_PER_QUESTION = MAX_CHOICES

KIND_LABELS = {
    QuestionKind.SINGLE: _l("Single choice"),
    QuestionKind.MULTIPLE: _l("Multiple choice"),
    QuestionKind.TRUE_FALSE: _l("True or false"),
}


def _number(label, name, required=True, description=None):
    """An integer field within the range the rules allow for setting `name`."""
    low, high = LIMITS[name]
    first = InputRequired() if required else Optional()
    return IntegerField(label, validators=[first, NumberRange(min=low, max=high)], description=description)


class SettingsForm(Form):
    """What the coordinator decides about a module."""

    default_language = SelectField(_l("Default language"))
    estimated_minutes = _number(_l("Estimated minutes"), "estimated_minutes")
    is_quiz = BooleanField(_l("Has a quiz (untick for an acknowledgement: read and confirm)"))
    content_warning = BooleanField(_l("Show a content warning with support and reporting contacts first"))
    workshop_eligible = BooleanField(
        _l("A workshop held by an ambassador counts as completing this module"),
        description=_l(
            "Ambassadors can then record a workshop for it, and each attendee completes the module."
        ),
    )
    pass_mark = _number(_l("Pass mark (%)"), "pass_mark")
    draw_count = _number(
        _l("Questions per try"), "draw_count", description=_l("Drawn at random from the pool.")
    )
    max_tries_per_day = _number(
        _l("Tries per day"), "max_tries_per_day", required=False, description=_l("Empty: no limit.")
    )
    audience = SelectField(_l("Who must take it"))
    offices = SelectMultipleField(_l("Offices"), coerce=int)
    countries = SelectMultipleField(_l("Countries"))
    grace_days = _number(
        _l("Days to complete"),
        "grace_days",
        description=_l(
            "Staff already here are due this many days after the module is published; "
            "a new joiner this many days after their start date."
        ),
    )
    validity_months = _number(_l("A pass counts for (months)"), "validity_months")
    refresher_days = _number(
        _l("Refresher window before expiry (days)"),
        "refresher_days",
        description=_l("The refresher opens this many days before a pass expires."),
    )
    show_dates = SubmitField(_l("Show the dates"))
    submit = SubmitField(_l("Save settings"))

    def __init__(self, offices, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_language.choices = language_choices()
        self.audience.choices = [(value.value, label) for value, label in AUDIENCE_LABELS.items()]
        self.offices.choices = [(office.id, office.name) for office in offices]
        self.countries.choices = country_choices()


class TextForm(Form):
    """A module's text in one language, and an image to add to it (one form, so nothing typed is lost).

    A title is required to save (the rule says so), not to upload an image.
    """

    title = StringField(_l("Title"), validators=[Length(max=200), one_line])
    summary = StringField(_l("Summary"), validators=[Length(max=500)])
    content = TextAreaField(
        _l("Content (Markdown)"),
        validators=[Length(max=100_000)],
        description=_l("Headings with ##, lists with -, **bold**. An uploaded image is added at the end."),
        render_kw={"rows": 20},
    )
    image = FileField(_l("Image (PNG, JPEG, GIF or WebP, at most 5 MB and 25 megapixels)"))
    image_description = StringField(
        _l("What the image shows"),
        validators=[Length(max=200)],
        description=_l("Read aloud to people who cannot see it."),
    )
    upload = SubmitField(_l("Upload image"))
    submit = SubmitField(_l("Save text"))


def question_form(languages: list[str]):
    """A question form with a prompt, an explanation and choices for each of `languages`."""

    class QuestionForm(Form):
        kind = SelectField(_l("Type"))
        answer = RadioField(
            _l("The statement is"),
            choices=[SelectChoice("true", _l("True")), SelectChoice("false", _l("False"))],
            validators=[Optional()],
            description=_l("Learners see True and False in their own language."),
        )
        submit = SubmitField(_l("Save question"))

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.kind.choices = [(k.value, label) for k, label in KIND_LABELS.items()]

    for language in languages:
        setattr(
            QuestionForm,
            f"prompt_{language}",
            TextAreaField(_l("Question"), render_kw={"rows": 2, "lang": language}),
        )
        setattr(
            QuestionForm,
            f"explanation_{language}",
            TextAreaField(_l("Explanation shown after submitting"), render_kw={"rows": 2, "lang": language}),
        )
        for index in range(CHOICES_PER_QUESTION):
            setattr(
                QuestionForm,
                f"choice_{index}_{language}",
                StringField(
                    _l("Answer %(n)s", n=index + 1),
                    validators=[Length(max=500)],
                    render_kw={"lang": language},
                ),
            )
    for index in range(CHOICES_PER_QUESTION):
        setattr(QuestionForm, f"correct_{index}", BooleanField(_l("Answer %(n)s is correct", n=index + 1)))
    return QuestionForm


class ImportForm(Form):
    """A module file exported from another installation."""

    file = FileField(_l("Module file (.json)"), validators=[FileRequired(_l("Choose a file."))])
    submit = SubmitField(_l("Import module"))


class ActionForm(Form):
    """A POST button with a CSRF token."""

    submit = SubmitField()
