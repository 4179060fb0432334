"""What each audience of a module is called, in the reader's language (authoring and reports)."""

from flask_babel import lazy_gettext as _l

from ambassador.training.models import Audience

AUDIENCE_LABELS = {
    Audience.EVERYONE: _l("Everyone"),
    Audience.AMBASSADORS: _l("Ambassadors"),
    Audience.OFFICES: _l("Chosen offices"),
    Audience.COUNTRIES: _l("Chosen countries"),
    Audience.NOBODY: _l("Nobody (optional, open to all)"),
}
