"""Learner forms. The quiz's answers are read from the request by `answers_from_form`."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class StartForm(FlaskForm):
    """Start (or continue) a try."""

    submit = SubmitField(_l("Take the quiz"))


class AcknowledgeForm(FlaskForm):
    """Confirm having read a policy."""

    submit = SubmitField(_l("I have read and understood this"))


class QuizForm(FlaskForm):
    """CSRF for the quiz; the answers are fields named q-<question id>."""

    submit = SubmitField(_l("Submit answers"))


def answers_from_form(form_data) -> dict[int, set[int]]:
    """Read q-<question id> = <choice id> pairs; anything malformed is simply not an answer."""
    answers: dict[int, set[int]] = {}
    for key in form_data:
        if not key.startswith("q-") or not key[2:].isdigit():
            continue
        chosen = {int(value) for value in form_data.getlist(key) if value.isdigit()}
        answers[int(key[2:])] = chosen
    return answers
