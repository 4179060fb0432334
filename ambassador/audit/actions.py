"""What each audit action code and changed field means, in the reader's language.

A feature that records a new action adds its label here (the `audit_action` filter and the
log's list of kinds); a code without one is shown as it is. Fields in `changes` are named the
way the forms name them; a field "prompt.sv" is the field "prompt" in Swedish.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "auth.signed_in": _l("Signed in"),
    "office.created": _l("Office created"),
    "office.updated": _l("Office changed"),
    "person.created": _l("Person created"),
    "person.updated": _l("Person changed"),
    "person.role": _l("Role changed"),
    "person.posts": _l("Ambassador posts changed"),
    "person.deactivated": _l("Person deactivated"),
    "person.reactivated": _l("Person reactivated"),
    "roster.uploaded": _l("Roster file uploaded for preview"),
    "roster.discarded": _l("Roster file discarded"),
    "person.erased": _l("Person erased"),
    "roster.imported": _l("Roster imported"),
    "completions.uploaded": _l("Past completions uploaded for preview"),
    "completions.discarded": _l("Past completions discarded"),
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
    "auth.sso_refused": _l("Company sign-in refused"),
}

FIELD_LABELS = {
    # people and offices
    "name": _l("Name"),
    "email": _l("Email"),
    "office": _l("Office"),
    "office_id": _l("Office"),
    "language": _l("Language"),
    "role": _l("Role"),
    "served_offices": _l("Offices served as ambassador"),
    "ambassador": _l("Ambassador"),
    "active": _l("Active"),
    "employee_id": _l("Employee id"),
    "start_date": _l("Start date"),
    "country": _l("Country"),
    "timezone": _l("Time zone"),
    # modules
    "default_language": _l("Default language"),
    "estimated_minutes": _l("Estimated minutes"),
    "content_warning": _l("Content warning"),
    "is_quiz": _l("Has a quiz"),
    "pass_mark": _l("Pass mark (%)"),
    "draw_count": _l("Questions per try"),
    "max_tries_per_day": _l("Tries per day"),
    "audience": _l("Who must take it"),
    "offices": _l("Offices"),
    "countries": _l("Countries"),
    "grace_days": _l("Days to complete"),
    "validity_months": _l("A pass counts for (months)"),
    "refresher_days": _l("Refresher window before expiry (days)"),
    "workshop_eligible": _l("A workshop counts"),
    "published": _l("Published"),
    "title": _l("Title"),
    "summary": _l("Summary"),
    "content": _l("Content (Markdown)"),
    "version": _l("Version"),
    "kind": _l("Type"),
    "prompt": _l("Question"),
    "explanation": _l("Explanation shown after submitting"),
    "answers": _l("Answers (✓ correct)"),
    # reminder plans
    "window_opens": _l("When the refresher window opens"),
    "days_before": _l("Days before the due date"),
    "on_due_date": _l("On the due date"),
    "overdue_every": _l("While overdue, every this many days"),
    "overdue_max": _l("At most this many times while overdue"),
    # contacts, mail, workshops, tokens
    "support": _l("Support"),
    "reporting": _l("Where to report"),
    "state": _l("Status"),
    "attempts": _l("Tries"),
    "held_on": _l("Day it was held"),
    "module": _l("Module"),
    "attendees": _l("Attendees"),
    "revoked": _l("Revoked"),
}


def action_label(code: str) -> str:
    """The label of an action code in the current language; an unknown code as it is."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def kinds() -> list[tuple[str, str]]:
    """Every action code with its label in the current language, by label (the log's filter)."""
    return sorted(((code, str(label)) for code, label in ACTION_LABELS.items()), key=lambda kind: kind[1])


def field_label(name: str) -> str:
    """A changed field's label in the current language ("prompt.sv": "Question (sv)")."""
    base, _dot, variant = name.partition(".")
    label = FIELD_LABELS.get(base)
    text = str(label) if label is not None else base.replace("_", " ")
    return f"{text} ({variant})" if variant else text


def value_words() -> dict:
    """How "none", true and false read in the current language."""
    return {None: "–", True: _("yes"), False: _("no")}


def value_text(value, words: dict | None = None) -> str:
    """A stored old or new value as a reader sees it: yes/no, a dash for none, else the text.

    A long download passes `words` (from `value_words`), translated once for all its rows.
    """
    if value is None or isinstance(value, bool):
        return (words or value_words())[value]
    return str(value)


def change_lines(changes: dict | None, label=field_label, text=value_text) -> list[tuple[str, str, str]]:
    """An event's changes as (field, old, new) lines in the reader's language.

    A long download passes `label` and `text` cached, so each is translated once, not once a row.
    """
    return [(label(name), text(old), text(new)) for name, (old, new) in (changes or {}).items()]
