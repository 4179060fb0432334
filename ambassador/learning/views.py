"""The learner's pages: my training, reading a module, taking its quiz, history."""

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from ambassador.assets.queries import contacts_for
from ambassador.auth.sessions import CARRY_OVER
from ambassador.clock import utcnow
from ambassador.completions.services import standing_expiry
from ambassador.completions.status import status
from ambassador.db import db
from ambassador.learning import queries, quiz
from ambassador.learning.forms import AcknowledgeForm, QuizForm, StartForm, answers_from_form
from ambassador.learning.models import Attempt
from ambassador.training import catalogue
from ambassador.training.markdown import render
from ambassador.training.models import Module

bp = Blueprint("learning", __name__, url_prefix="/training")

PENDING = CARRY_OVER[0]  # answers kept across a sign-in when the session timed out


@bp.get("")
@login_required
def mine():
    """My training: required modules with status and dates, a progress bar, optional ones below."""
    now = utcnow()
    rows = queries.my_training(current_user, now)
    done, required = queries.progress(rows)
    notices = queries.notices(rows, current_user, now)
    office, counted_at = queries.office_figures(current_user, now)
    return render_template(
        "learning/mine.html",
        rows=rows,
        done=done,
        required=required,
        notices=notices,
        office=office,
        counted_at=counted_at,
        now=now,
    )


def _published(module_id: int) -> Module:
    """A published module, else 404."""
    module = db.session.scalar(
        sa.select(Module)
        .where(Module.id == module_id, Module.published.is_(True))
        .options(selectinload(Module.texts))
    )
    if module is None:
        abort(404)
    return module


def module_page_context(module: Module, person, preview: bool = False) -> dict:
    """What the module page shows: text, content warning contacts and the person's standing.

    A published module's HTML comes from the catalogue cache; a preview renders the draft.
    """
    text = module.text(person.locale)
    html = render(text.content) if preview else catalogue.content_html(module, person.locale)
    expires = standing_expiry(person.id, module.id)
    contact = contacts_for(person.office.country, person.locale) if module.content_warning else None
    return {
        "module": module,
        "text": text,
        "html": html,
        "contact": contact,
        "preview": preview,
        "status": status(module, person, expires, utcnow()),
        "expires_at": expires,
        "start_form": StartForm(),
        "ack_form": AcknowledgeForm(),
    }


@bp.get("/<int:module_id>")
@login_required
def module(module_id: int):
    """Read a module; a content warning comes first, with support and reporting contacts."""
    module = catalogue.published_module(module_id)
    if module is None:
        abort(404)
    context = module_page_context(module, current_user)
    if module.content_warning and request.args.get("continue") != "1":
        return render_template("learning/warning.html", **context)
    return render_template("learning/module.html", **context)


@bp.post("/<int:module_id>/attempts")
@login_required
def start(module_id: int):
    """Start a try, or continue the open one."""
    module = _published(module_id)
    if not StartForm().validate_on_submit():
        abort(400)
    try:
        attempt = quiz.start_attempt(current_user, module, utcnow())
    except quiz.QuizError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("learning.module", module_id=module.id, **{"continue": 1}))
    db.session.commit()
    return redirect(url_for("learning.attempt", attempt_id=attempt.id))


@bp.post("/<int:module_id>/acknowledge")
@login_required
def acknowledge(module_id: int):
    """Confirm having read an acknowledgement module."""
    module = _published(module_id)
    if not AcknowledgeForm().validate_on_submit():
        abort(400)
    try:
        quiz.acknowledge(current_user, module, utcnow())
    except quiz.QuizError as error:
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Thank you. Your acknowledgement has been recorded."), "success")
    return redirect(url_for("learning.mine"))


def _own_attempt(attempt_id: int) -> Attempt:
    """The signed-in person's try, else 404 (another person's try is not revealed)."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.person_id != current_user.id:
        abort(404)
    return attempt


def _render_quiz(attempt: Attempt, answers: dict[int, set[int]], error=None, status_code=200):
    """The quiz form with the answers given so far checked."""
    module = db.session.get(Module, attempt.module_id)
    return render_template(
        "learning/quiz.html",
        attempt=attempt,
        module=module,
        text=module.text(current_user.locale),
        questions=quiz.attempt_questions(attempt),
        answers=answers,
        form=QuizForm(),
        error=error,
        language=current_user.locale,
    ), status_code


@bp.route("/attempts/<int:attempt_id>", methods=["GET", "POST"])
def attempt(attempt_id: int):
    """Show a try's questions; submit it once. Answers survive a timed-out session."""
    if not current_user.is_authenticated:
        if request.method == "POST":
            session[PENDING] = {"attempt": attempt_id, "answers": request.form.to_dict(flat=False)}
            flash(_("Your session ended. Sign in again: your answers have been kept."), "info")
        return redirect(url_for("auth.login", next=url_for("learning.attempt", attempt_id=attempt_id)))
    attempt = _own_attempt(attempt_id)
    if attempt.submitted_at is not None:
        return redirect(url_for("learning.result", attempt_id=attempt.id))
    if request.method == "GET":
        pending = session.pop(PENDING, None)
        kept = {}
        if pending and pending.get("attempt") == attempt.id:
            kept = answers_from_form(
                MultiDict([(k, v) for k, values in pending["answers"].items() for v in values])
            )
        return _render_quiz(attempt, kept)
    posted = answers_from_form(request.form)
    if not QuizForm().validate_on_submit():
        return _render_quiz(attempt, posted, _("The form expired. Please submit your answers again."), 400)
    try:
        quiz.submit(attempt, current_user, quiz.choices_from_positions(attempt, posted), utcnow())
    except quiz.QuizError as error:
        db.session.rollback()
        return _render_quiz(attempt, posted, error.message, 400)
    db.session.commit()
    return redirect(url_for("learning.result", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>/result")
@login_required
def result(attempt_id: int):
    """Score and pass mark; after a fail which questions were not right, after a pass everything."""
    attempt = _own_attempt(attempt_id)
    if attempt.submitted_at is None:
        return redirect(url_for("learning.attempt", attempt_id=attempt.id))
    return render_template(
        "learning/result.html",
        result=queries.try_result(attempt, current_user, utcnow()),
        language=current_user.locale,
        start_form=StartForm(),
    )


@bp.get("/history")
@login_required
def history():
    """Every completion and try, expired ones too."""
    completions, attempts, titles = queries.history(current_user)
    return render_template("learning/history.html", completions=completions, attempts=attempts, titles=titles)
