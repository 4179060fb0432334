"""What each audit action code means, in the reader's language (the `audit_action` filter).

A feature that records a new action adds its label here; a code without one is shown as it is.
"""

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "office.created": _l("Office created"),
    "office.updated": _l("Office changed"),
    "person.updated": _l("Person changed"),
    "person.role": _l("Role changed"),
    "person.posts": _l("Ambassador posts changed"),
    "person.deactivated": _l("Person deactivated"),
    "person.reactivated": _l("Person reactivated"),
    "person.erased": _l("Person erased"),
    "roster.imported": _l("Roster imported"),
    "completions.imported": _l("Past completions imported"),
    "module.created": _l("Module created"),
    "module.settings": _l("Module settings changed"),
    "reminders.plan": _l("Reminder plan changed"),
    "module.text": _l("Module text changed"),
    "module.question": _l("Question changed"),
    "module.published": _l("Module published"),
    "module.unpublished": _l("Module unpublished"),
    "image.uploaded": _l("Image uploaded"),
    "contacts.saved": _l("Contacts changed"),
    "mail.retried": _l("Failed email retried"),
    "nudge.sent": _l("Nudge sent"),
    "workshop.recorded": _l("Workshop recorded"),
    "workshop.corrected": _l("Workshop corrected"),
    "workshop.withdrawn": _l("Workshop withdrawn"),
    "api.token_created": _l("API token created"),
    "api.token_revoked": _l("API token revoked"),
}


def action_label(code: str) -> str:
    """The label of an action code in the current language; an unknown code as it is."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code
