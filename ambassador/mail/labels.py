"""What each state and kind of message is called on the outbox page, in the reader's language.

A feature that queues a new kind of message adds its label here; a kind without one is shown as it is.
"""

from flask_babel import lazy_gettext as _l

from ambassador.mail.models import State

STATE_LABELS = {
    State.QUEUED: _l("Queued"),
    State.SENDING: _l("Sending"),
    State.SENT: _l("Sent"),
    State.FAILED: _l("Failed"),
    State.DROPPED: _l("Dropped"),
}

KIND_LABELS = {
    "password_reset": _l("Password reset"),
    "reminder": _l("Reminder"),
    "digest": _l("Ambassador's weekly digest"),
    "summary": _l("Coordinator's monthly summary"),
    "nudge": _l("Nudge from an ambassador"),
    "invitation": _l("Invitation"),
    "done": _l("Training passed"),
}


def state_label(state: str) -> str:
    """The label of a state in the current language."""
    label = STATE_LABELS.get(state)
    return str(label) if label is not None else state


def kind_label(kind: str) -> str:
    """The label of a kind of message in the current language; an unknown kind as it is."""
    label = KIND_LABELS.get(kind)
    return str(label) if label is not None else kind
