"""The form for a file of past completions (Apply and Discard: `importing.forms`)."""

from flask_babel import lazy_gettext as _l
from wtforms import SubmitField

from ambassador.forms import Form
from ambassador.importing.forms import csv_file_field


class ImportForm(Form):
    """A CSV file of past completions."""

    file = csv_file_field(
        _l("CSV file of past completions"),
        _l(
            "Columns: email, module, completed on, certificate (optional). "
            "Comma or semicolon separated, UTF-8 or Windows-1252."
        ),
    )
    submit = SubmitField(_l("Preview import"))
