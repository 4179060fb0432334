"""The forms every import shares: the file, and the Apply and Discard buttons of its preview."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SubmitField

from ambassador.forms import Form


def csv_file_field(label, description) -> FileField:
    """A required CSV file field with the given label and a description of its columns."""
    return FileField(
        label,
        validators=[FileRequired(_l("Choose a file."))],
        description=description,
        render_kw={"accept": ".csv,.txt,text/csv"},
    )


class ApplyForm(Form):
    """Confirm a previewed import; `digest` names the file that was previewed."""

    digest = HiddenField()
    submit = SubmitField(_l("Apply import"))


class DiscardForm(Form):
    """Throw away a previewed import."""

    submit = SubmitField(_l("Discard"))
