"""Coordinators write modules: settings, texts, questions, publishing, preview, export and import."""

import json
from dataclasses import asdict

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ambassador.assets import services as assets
from ambassador.authoring import queries, questions, services, transfer
from ambassador.authoring.forms import (
    CHOICES_PER_QUESTION,
    ActionForm,
    ImportForm,
    SettingsForm,
    TextForm,
    question_form,
)
from ambassador.clock import utcnow
from ambassador.completions.status import example_dates
from ambassador.db import db
from ambassador.learning import quiz
from ambassador.learning.views import module_page_context
from ambassador.org.access import staff_required
from ambassador.org.queries import all_offices
from ambassador.reminders.planning import plan_forecast
from ambassador.reminders.views import plan_context
from ambassador.training.markdown import ContentError
from ambassador.training.models import Module, QuestionKind
from ambassador.web import page_number, query_id

bp = Blueprint("authoring", __name__, url_prefix="/authoring")


def _module(module_id: int) -> Module:
    """Any module, drafts included, else 404."""
    return db.get_or_404(Module, module_id)


@bp.get("")
@staff_required
def modules():
    """Every module, drafts included."""
    return render_template(
        "authoring/modules.html",
        modules=queries.all_modules(),
        language=current_user.locale,
        form=ImportForm(),
    )


def _settings_from(form: SettingsForm) -> services.Settings:
    """Settings from a validated form (its fields are named as the settings)."""
    values = {name: getattr(form, name).data for name in services.MODULE_SETTINGS}
    return services.Settings(
        **values, office_ids=form.offices.data or [], countries=form.countries.data or []
    )


def _form_data(settings: services.Settings) -> dict:
    """The values a settings form starts from (the form calls the office ids `offices`)."""
    data = asdict(settings)
    data["offices"] = data.pop("office_ids")
    return data


def _settings_field(form: SettingsForm, name: str | None):
    """The form field a rule's error belongs on (the rules call the offices `office_ids`)."""
    name = "offices" if name == "office_ids" else name
    return form._fields.get(name, form.submit)


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:module_id>/settings", methods=["GET", "POST"])
@staff_required
def settings(module_id: int | None = None):
    """Create a module or change its settings; the rule's dates are shown before saving."""
    module = _module(module_id) if module_id else None
    current = services.settings_of(module) if module else services.Settings()
    form = SettingsForm(all_offices(), data=_form_data(current))
    published_at = module.published_at if module else None
    dates = None
    if form.validate_on_submit():
        values = _settings_from(form)
        try:
            services.check_settings(values)
            if form.show_dates.data:
                dates = example_dates(values, utcnow(), published_at)
            else:
                module = services.save_settings(module, values, actor=current_user, now=utcnow())
                db.session.commit()
                flash(_("The settings have been saved."), "success")
                return redirect(url_for("authoring.module", module_id=module.id))
        except services.AuthoringError as error:
            db.session.rollback()
            _settings_field(form, error.field).errors.append(error.message)
    elif module is not None and request.method == "GET":
        dates = example_dates(current, utcnow(), published_at)
    passes_held = queries.passes_held(module.id, utcnow()) if module and module.published else None
    plan = plan_context(module) if module else {}
    return render_template(
        "authoring/settings.html",
        form=form,
        dates=dates,
        passes_held=passes_held,
        **{**plan, "module": module},
    )


@bp.get("/<int:module_id>")
@staff_required
def module(module_id: int):
    """A module's texts, questions, versions and actions."""
    found = queries.module_page(module_id)
    if found is None:
        abort(404)
    module, versions = found
    return render_template(
        "authoring/module.html",
        forecast=None if module.published else plan_forecast(module, None, utcnow()),
        module=module,
        versions=versions,
        action=ActionForm(),
        language=current_user.locale,
        languages=current_app.config["LANGUAGES"],
    )


@bp.route("/<int:module_id>/texts/<language>", methods=["GET", "POST"])
@staff_required
def text(module_id: int, language: str):
    """Write the module in one language; an image uploaded on the way joins the text typed so far."""
    module = _module(module_id)
    if language not in current_app.config["LANGUAGES"]:
        abort(404)
    existing = next((t for t in module.texts if t.language == language), None)
    form = TextForm(obj=existing)
    # "Upload image" comes back to the page; any other submission (Save, Enter) saves.
    saving = not form.upload.data
    if form.validate_on_submit() and _add_image(form) and saving and _save_text(form, module, language):
        flash(_("The text has been saved."), "success")
        return redirect(url_for("authoring.module", module_id=module.id))
    return render_template("authoring/text.html", form=form, module=module, language=language)


def _add_image(form: TextForm) -> bool:
    """Store the image chosen on the text form and add its Markdown line to the content; False if refused."""
    if not form.image.data:
        if form.upload.data:
            form.image.errors.append(_("Choose an image to upload."))
        return not form.upload.data
    try:
        image = assets.save_image(form.image.data.read(), actor=current_user, now=utcnow())
    except assets.AssetError as error:
        db.session.rollback()
        form.image.errors.append(error.message)
        return False
    db.session.commit()
    line = assets.markdown_line(image.id, form.image_description.data)
    form.content.data = f"{(form.content.data or '').rstrip()}\n\n{line}\n".lstrip()
    form.image_description.data = ""
    message = _(
        "The image is added at the end of the content: %(line)s. Move the line where it belongs.", line=line
    )
    if form.upload.data:
        message += " " + _("The text is not saved yet.")
    flash(message, "success")
    return True


def _save_text(form: TextForm, module: Module, language: str) -> bool:
    """Save the text typed on the form; False, with the reason on its field, when a rule refuses it."""
    try:
        services.save_text(
            module,
            language,
            title=form.title.data or "",
            summary=form.summary.data or "",
            content=form.content.data or "",
            actor=current_user,
            now=utcnow(),
        )
    except (ContentError, services.AuthoringError) as error:
        db.session.rollback()
        getattr(form, getattr(error, "field", None) or "content").errors.append(error.message)
        return False
    db.session.commit()
    return True


def _question_input(form, languages) -> questions.QuestionInput:
    """Typed question values from the form; true/false brings its own two answers."""
    if form.kind.data == QuestionKind.TRUE_FALSE:
        choices = [
            questions.ChoiceInput({}, form.answer.data == "true"),
            questions.ChoiceInput({}, form.answer.data == "false"),
        ]
    else:
        choices = [
            questions.ChoiceInput(
                {lang: getattr(form, f"choice_{i}_{lang}").data or "" for lang in languages},
                bool(getattr(form, f"correct_{i}").data),
            )
            for i in range(CHOICES_PER_QUESTION)
        ]
    return questions.QuestionInput(
        kind=form.kind.data,
        prompt={lang: getattr(form, f"prompt_{lang}").data or "" for lang in languages},
        explanation={lang: getattr(form, f"explanation_{lang}").data or "" for lang in languages},
        choices=choices,
    )


def _fill_form(form, question, languages) -> None:
    """Put a stored question into the form."""
    form.kind.data = question.kind
    for lang in languages:
        getattr(form, f"prompt_{lang}").data = question.prompt.get(lang, "")
        getattr(form, f"explanation_{lang}").data = question.explanation.get(lang, "")
    if question.kind == QuestionKind.TRUE_FALSE:
        form.answer.data = "true" if question.choices[0].correct else "false"
        return
    for i, choice in enumerate(question.choices[:CHOICES_PER_QUESTION]):
        getattr(form, f"correct_{i}").data = choice.correct
        for lang in languages:
            getattr(form, f"choice_{i}_{lang}").data = choice.text.get(lang, "")


def _question_field(form, name: str | None, languages):
    """The form field a rule's error belongs on (the first language's, for texts per language)."""
    true_false = form.kind.data == QuestionKind.TRUE_FALSE  # its answer fields are not shown
    fields = {
        "kind": "kind",
        "answer": "answer",
        "prompt": f"prompt_{languages[0]}",
        "explanation": f"explanation_{languages[0]}",
        "choices": "answer" if true_false else f"choice_0_{languages[0]}",
        "correct": "answer" if true_false else "correct_0",
    }
    return form[fields.get(name, "submit")]


@bp.route("/<int:module_id>/questions/new", methods=["GET", "POST"])
@bp.route("/<int:module_id>/questions/<int:position>", methods=["GET", "POST"])
@staff_required
def question(module_id: int, position: int | None = None):
    """Add or change a question; once published this makes a new version."""
    module = _module(module_id)
    languages = module.languages or [module.default_language]
    existing = None
    if position is not None:
        existing = next((q for q in module.current_version.questions if q.position == position), None)
        if existing is None:
            abort(404)
    form = question_form(languages)()
    if request.method == "GET" and existing is not None:
        _fill_form(form, existing, languages)
    if form.validate_on_submit():
        try:
            questions.save_question(
                module, position, _question_input(form, languages), actor=current_user, now=utcnow()
            )
        except services.AuthoringError as error:
            db.session.rollback()
            _question_field(form, error.field, languages).errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The question has been saved."), "success")
            return redirect(url_for("authoring.module", module_id=module.id))
    return render_template(
        "authoring/question.html",
        form=form,
        module=module,
        languages=languages,
        position=position,
        choices=range(CHOICES_PER_QUESTION),
    )


@bp.post("/<int:module_id>/questions/<int:position>/delete")
@staff_required
def delete_question(module_id: int, position: int):
    """Remove a question from the pool."""
    module = _module(module_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        questions.delete_question(module, position, actor=current_user, now=utcnow())
    except services.AuthoringError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The question has been removed."), "success")
    return redirect(url_for("authoring.module", module_id=module.id))


@bp.post("/<int:module_id>/<any(publish, unpublish):action>")
@staff_required
def publication(module_id: int, action: str):
    """Publish a module, or take it back to draft."""
    module = _module(module_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        (services.publish if action == "publish" else services.unpublish)(
            module, actor=current_user, now=utcnow()
        )
    except services.AuthoringError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(
            _("The module is published.") if action == "publish" else _("The module is a draft again."),
            "success",
        )
    return redirect(url_for("authoring.module", module_id=module.id))


@bp.get("/<int:module_id>/preview")
@staff_required
def preview(module_id: int):
    """The module exactly as a learner sees it; nothing counts."""
    module = _module(module_id)
    if not module.texts:
        flash(_("Write the module's text first."), "error")
        return redirect(url_for("authoring.module", module_id=module.id))
    context = module_page_context(module, current_user, preview=True)
    if module.content_warning and request.args.get("continue") != "1":
        return render_template("learning/warning.html", **context)
    return render_template("learning/module.html", **context)


@bp.get("/<int:module_id>/preview/quiz")
@staff_required
def preview_quiz(module_id: int):
    """A try drawn as for a learner, shown without saving it."""
    module = _module(module_id)
    if not module.is_quiz or not module.current_version.questions or not module.texts:
        abort(404)
    return render_template(
        "learning/quiz.html",
        module=module,
        text=module.text(current_user.locale),
        questions=quiz.preview_questions(module),
        answers={},
        form=ActionForm(),
        error=None,
        language=current_user.locale,
        preview=True,
    )


@bp.get("/<int:module_id>/passes")
@staff_required
def passes(module_id: int):
    """Who completed the module, once each, with their latest completion; by office."""
    module = _module(module_id)
    office_id = query_id("office")
    page = queries.passes(module.id, page_number(), office_id)
    return render_template(
        "authoring/passes.html",
        module=module,
        page=page,
        offices=all_offices(),
        office_id=office_id,
        language=current_user.locale,
    )


@bp.get("/<int:module_id>/export")
@staff_required
def export(module_id: int):
    """Download the module as a file to import on another installation."""
    module = _module(module_id)
    body = json.dumps(transfer.export_module(module), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="module-{module.id}.json"'},
    )


@bp.post("/import")
@staff_required
def import_module():
    """Create a draft module from an exported file."""
    form = ImportForm()
    if not form.validate_on_submit():
        flash(_("Choose a module file to import."), "error")
        return redirect(url_for("authoring.modules"))
    try:
        module = transfer.import_module(
            form.file.data.read(), languages=current_app.config["LANGUAGES"], actor=current_user, now=utcnow()
        )
    except transfer.TransferError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("authoring.modules"))
    db.session.commit()
    flash(_("The module has been imported as a draft."), "success")
    return redirect(url_for("authoring.module", module_id=module.id))
