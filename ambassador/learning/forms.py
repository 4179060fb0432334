"""Learner forms. The quiz's answers are read from the request by `answers_from_form`."""

from flask_babel import lazy_gettext as _l
from wtforms import SubmitField

from ambassador.forms import Form


class StartForm(Form):
    """Start (or continue) a try."""

    submit = SubmitField(_l("Take the quiz"))


class AcknowledgeForm(Form):
    """Confirm having read a policy."""

    submit = SubmitField(_l("I have read and understood this"))


class QuizForm(Form):
    """CSRF for the quiz; the answers are fields named q-<question id>."""

    submit = SubmitField(_l("Submit answers"))


def small_int(value: str) -> int | None:
    """A non-negative number written in ASCII digits, else None (never raises)."""
    return int(value) if value.isascii() and value.isdecimal() and len(value) <= 9 else None


def answers_from_form(form_data) -> dict[int, set[int]]:
    """Read q-<question id> = <position of the answer as shown>; malformed pairs are not answers."""
    answers: dict[int, set[int]] = {}
    for key in form_data:
        question_id = small_int(key[2:]) if key.startswith("q-") else None
        if question_id is None:
            continue
        positions = {small_int(value) for value in form_data.getlist(key)}
        answers[question_id] = {p for p in positions if p is not None}
    return answers
