"""The roster upload form (Apply and Discard: `importing.forms`)."""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import BooleanField, SubmitField

from ambassador.forms import Form
from ambassador.importing.forms import ApplyForm, csv_file_field


class UploadForm(Form):
    """A CSV file and whether it is the full roster."""

    file = csv_file_field(
        _l("CSV file from the HR system"),
        _l(
            "Columns: email, name, office, role, language, employee id, start date. "
            "Comma or semicolon separated, UTF-8 or Windows-1252."
        ),
    )
    full = BooleanField(
        _l("This is the full roster: deactivate everyone who is not in the file"),
    )
    submit = SubmitField(_l("Preview import"))


class RosterApplyForm(ApplyForm):
    """Confirm a previewed roster import, and whether the people it creates are emailed an invitation."""

    invite = BooleanField(default=True)

    def count_invitations(self, count: int) -> None:
        """Label the invitation box with how many people it emails."""
        self.invite.label.text = ngettext(
            "Email an invitation to %(num)s new person",
            "Email an invitation to the %(num)s new people",
            count,
        )


# Labels of the roster fields an import can change (the `field_label` filter).
FIELD_LABELS = {
    "name": _l("name"),
    "office_id": _l("office"),
    "role": _l("role"),
    "ambassador": _l("serves as ambassador"),
    "language": _l("language"),
    "employee_id": _l("employee id"),
    "start_date": _l("start date"),
    "active": _l("reactivated"),
}


def field_label(name: str) -> str:
    """The label of a roster field, for the preview."""
    return FIELD_LABELS.get(name, name)
