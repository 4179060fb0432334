"""The coordinator's coverage pages: the dashboard, the offices short of ambassadors, the definitions."""

from datetime import date
from functools import partial
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from ambassador.clock import utcnow
from ambassador.completions.status import LABELS as STATUS_LABELS
from ambassador.db import db
from ambassador.exporting import csv_download, xlsx_file
from ambassador.learning import queries as learning_queries
from ambassador.org.access import can_view_office, served_office_ids, staff_required
from ambassador.org.models import Office, Person
from ambassador.org.queries import countries
from ambassador.reminders import nudges
from ambassador.reports import exports, queries, trend
from ambassador.reports import office as office_queries
from ambassador.reports.forms import NudgeForm
from ambassador.reports.queries import GROUPS, SORTS, Filters
from ambassador.reports.summary import summary_pdf
from ambassador.training import catalogue, markdown
from ambassador.training.labels import AUDIENCE_LABELS
from ambassador.web import country_name, external_url, page_number
from ambassador.workshops.queries import activity as workshop_activity

bp = Blueprint("reports", __name__, url_prefix="/reports")
DOCS = Path(__file__).resolve().parent.parent.parent / "docs"


def _day(raw: str, first: date, latest: date) -> date:
    """The snapshot day asked for, else the latest, with a message saying why."""
    if not raw:
        return latest
    try:
        asked = date.fromisoformat(raw)
    except ValueError:
        flash(
            _("“%(value)s” is not a date: write it as YYYY-MM-DD. Showing the latest figures.", value=raw),
            "error",
        )
        return latest
    if asked > latest:
        flash(
            _("There are no figures after %(date)s yet. Showing the latest.", date=latest.isoformat()),
            "error",
        )
        return latest
    if asked < first:
        flash(_("The first figures are from %(date)s. Showing those.", date=first.isoformat()), "error")
        return first
    return asked


def _filters(first: date, latest: date, titles: dict[int, str], known: list[str]) -> Filters:
    """The filters of the query string; an unknown value is ignored with a message, never an error."""
    args = request.args
    country = args.get("country", "").strip().upper()
    if country and country not in known:
        flash(
            _("There is no office in the country “%(value)s”. Showing every country.", value=country), "error"
        )
        country = ""
    module_id = args.get("module", "").strip()
    if module_id and not (module_id.isdigit() and int(module_id) in titles):
        flash(_("There is no such module. Showing every module."), "error")
        module_id = ""
    audience = args.get("audience", "").strip()
    if audience and audience not in AUDIENCE_LABELS:
        flash(_("There is no such audience. Showing every audience."), "error")
        audience = ""
    day = _day(args.get("as_of", "").strip(), first, latest)
    return Filters(day, country, int(module_id) if module_id else None, audience)


def _sorted(group: str, lines: list) -> tuple[list, str, bool]:
    """A table sorted by its `<group>_sort` and `<group>_order` arguments (default: lowest coverage first)."""
    key = request.args.get(f"{group}_sort", "coverage")
    key = key if key in SORTS else "coverage"
    descending = request.args.get(f"{group}_order") == "desc"
    return queries.sort(lines, key, descending), key, descending


@bp.get("")
@staff_required
def dashboard():
    """Coverage overall and per office, country and module, from the day's snapshot."""
    days = queries.snapshot_days()
    first, latest = days.first, days.latest
    if latest is None:
        return render_template("reports/dashboard.html", empty=True)
    titles = queries.module_titles(current_user.locale)
    known = countries()
    filters = _filters(first, latest, titles, known)
    tables = {}
    for group in GROUPS:
        tables[group] = _sorted(group, queries.table(group, filters, titles))
    gaps = queries.ambassador_gaps(
        current_app.config["PEOPLE_PER_AMBASSADOR"], country=filters.country, per_page=10
    )
    return render_template(
        "reports/dashboard.html",
        empty=False,
        filters=filters,
        first=first,
        latest=latest,
        taken_at=days.taken_at(filters.day),
        total=queries.total(filters),
        tables=tables,
        titles=titles,
        countries=known,
        audiences=AUDIENCE_LABELS,
        gaps=gaps,
        per_people=current_app.config["PEOPLE_PER_AMBASSADOR"],
        today=utcnow().date(),
    )


@bp.get("/ambassador-gaps")
@staff_required
def ambassador_gaps():
    """Every office with no ambassador or too few for its size, now."""
    per_people = current_app.config["PEOPLE_PER_AMBASSADOR"]
    page = queries.ambassador_gaps(per_people, page=page_number())
    return render_template("reports/gaps.html", page=page, per_people=per_people)


@bp.get("/definitions")
@staff_required
def definitions():
    """docs/COVERAGE.md (COVERAGE.sv.md in Swedish), the definition of every figure, as a page."""
    language = current_user.locale
    path = DOCS / f"COVERAGE.{language}.md"
    path = path if path.exists() else DOCS / "COVERAGE.md"
    title, _newline, text = path.read_text(encoding="utf-8").partition("\n")
    return render_template(
        "reports/definitions.html",
        html=Markup(markdown.render(text)),
        title=title.lstrip("# ").strip(),
        language=language if path.name != "COVERAGE.md" else "en",
    )


def _office(office_id: int) -> Office:
    """An office the reader may see (staff: any; an ambassador: theirs), else 404 or 403."""
    office = db.get_or_404(Office, office_id)
    if not can_view_office(current_user, office.id):
        abort(403)
    return office


@bp.get("/offices/<int:office_id>")
@login_required
def office(office_id: int):
    """An office's people with their status per module, the most behind first, and its coverage."""
    office = _office(office_id)
    now = utcnow()
    modules = catalogue.published_modules()
    titles = {m.id: m.text(current_user.locale).title for m in modules}
    status = request.args.get("status", "")
    if status and status not in office_queries.FILTERS:
        flash(_("There is no such status. Showing everyone."), "error")
        status = ""
    module_id = request.args.get("module", "")
    if module_id and not (module_id.isdigit() and int(module_id) in titles):
        flash(_("There is no such module. Showing every module."), "error")
        module_id = ""
    module_id = int(module_id) if module_id else None
    found = office_queries.training(
        office, modules, now, status=status, module_id=module_id, page=page_number()
    )
    page = found.page
    can_nudge = office.id in served_office_ids(current_user)
    nudged = nudges.last_nudges([c.id for c in page.items]) if page.items else {}
    statuses = {s.value: str(STATUS_LABELS[s]) for s in office_queries.FILTERS}  # translated once
    may_nudge = partial(nudges.may_nudge, current_user.id, now=now) if can_nudge else None
    # Each colleague's modules in order: id, title, status, its label, the last nudge and whether a
    # nudge may go now. Worked out here, as each call or lookup in the template costs a microsecond
    # or more, for 50 people by up to 20 modules (a third of the page's time went to rendering them).
    colleagues = [
        (
            c,
            [
                _cell(c.id, m, state, titles, statuses, nudged, may_nudge)
                for m, state in sorted(c.statuses.items())
            ],
        )
        for c in page.items
    ]
    return render_template(
        "reports/office.html",
        office=office,
        figures=found.figures,
        page=page,
        colleagues=colleagues,
        titles=titles,
        status=status,
        module_id=module_id,
        statuses=statuses,
        can_nudge=can_nudge,
        now=now,
    )


def _cell(person_id: int, module_id: int, state, titles, statuses, nudged, may_nudge) -> tuple:
    """One module of a colleague on the drill-down: (module id, title, status, label, last nudge,
    whether the viewer may nudge now); `may_nudge` is None when the viewer serves not this office."""
    last = nudged.get((person_id, module_id))
    nudgeable = may_nudge is not None and may_nudge(person_id, state.value, last)
    return module_id, titles[module_id], state.value, statuses[state.value], last, nudgeable


@bp.post("/offices/<int:office_id>/people/<int:person_id>/nudge/<int:module_id>")
@login_required
def nudge(office_id: int, person_id: int, module_id: int):
    """Queue a friendly reminder to one colleague about one module."""
    office = _office(office_id)
    person = db.get_or_404(Person, person_id)
    module = catalogue.published_module(module_id)
    if person.office_id != office.id or not person.active or module is None:
        abort(404)
    if office.id not in served_office_ids(current_user):
        abort(403)
    if NudgeForm().validate_on_submit():
        try:
            nudges.nudge(person, module, actor=current_user, now=utcnow())
        except nudges.NudgeError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("%(name)s will get your reminder in a minute.", name=person.name), "success")
    return redirect(url_for("reports.office", office_id=office.id, **request.args))


EXPORTS = ("office", "country", "module", "people")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/export/<any(office, country, module, people):table>.<any(csv, xlsx):fmt>")
@staff_required
def export(table: str, fmt: str):
    """A coverage table (with the dashboard's filters) or everyone's status, as CSV or Excel."""
    # Module titles, the catalogue and the countries only where this export needs them (each a statement).
    needs_titles = table in ("module", "people") or "module" in request.args
    titles = queries.module_titles(current_user.locale) if needs_titles else {}
    if table == "people":
        now = utcnow()
        country = request.args.get("country", "").strip().upper()[:2]
        people = exports.people_rows if fmt == "csv" else exports.people_matrix_rows
        rows, day = people(catalogue.published_modules(), titles, now, country), now.date()
    else:
        days = queries.snapshot_days()
        if days.latest is None:
            abort(404)
        known = countries() if "country" in request.args else []
        filters = _filters(days.first, days.latest, titles, known)
        # Read here, in the request's transaction: a table has a row per office at most, and read
        # while the answer streams it would check a connection out again (three more round trips).
        rows, day = list(exports.table_rows(table, filters, titles, country_name)), filters.day
    name = f"coverage-{table}-{day.isoformat()}.{fmt}"
    if fmt == "csv":
        return csv_download(rows, name)
    sheet = {
        "office": _("Per office"),
        "country": _("Per country"),
        "module": _("Per module"),
        "people": _("Everyone's status"),
    }[table]
    return send_file(xlsx_file(rows, sheet), mimetype=XLSX, as_attachment=True, download_name=name)


def _line(scope: str, key: str, titles: dict[int, str]) -> tuple[str, str, str]:
    """The trend line asked for and its name; an unknown one is the company's, with a message."""
    if scope == "country" and key in countries():
        return scope, key, country_name(key)
    if scope == "module" and key.isdigit() and int(key) in titles:
        return scope, key, titles[int(key)]
    office = db.session.get(Office, int(key)) if scope == "office" and key.isdigit() else None
    if office is not None:
        return scope, key, office.name
    if scope not in ("", "company") or key:
        flash(_("There is no such office, country or module. Showing the company."), "error")
    return "company", "", _("the company")


@bp.get("/trend")
@staff_required
def trend_page():
    """Coverage over the last year for the company, a country, an office or a module."""
    days = queries.snapshot_days()
    titles = queries.module_titles(current_user.locale)
    scope, key, name = _line(
        request.args.get("scope", ""), request.args.get("key", "").strip().upper(), titles
    )
    line = trend.points(scope, key, days.latest) if days.latest else []
    return render_template(
        "reports/trend.html",
        name=name,
        line=line,
        chart=trend.chart(line),
        table=trend.monthly(line),
        taken_at=days.latest_taken_at,
    )


@bp.get("/summary.pdf")
@staff_required
def summary():
    """The one-page PDF of the day's coverage (with the dashboard's filters), for the annual report."""
    days = queries.snapshot_days()
    if days.latest is None:
        abort(404)
    titles = queries.module_titles(current_user.locale)
    filters = _filters(days.first, days.latest, titles, countries())
    gaps = queries.ambassador_gaps(
        current_app.config["PEOPLE_PER_AMBASSADOR"], country=filters.country, per_page=1
    )
    pdf = summary_pdf(
        total=queries.total(filters),
        modules=queries.sort(queries.table("module", filters, titles), "coverage", False),
        countries=queries.sort(queries.table("country", filters, titles), "coverage", False),
        gaps=gaps.total,
        taken_at=days.taken_at(filters.day),
        day=filters.day,
        country_name=country_name,
        definitions_url=external_url("reports.definitions"),
    )
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="coverage-{filters.day.isoformat()}.pdf"'
    return response


@bp.get("/activity")
@staff_required
def activity():
    """Ambassador activity: workshops held and people reached, per ambassador and office, this year."""
    return render_template("reports/activity.html", rows=workshop_activity(utcnow()))


@bp.get("/people/<int:person_id>")
@login_required
def person(person_id: int):
    """One person's status per module and their completions, for staff and their office's ambassadors."""
    person = db.get_or_404(Person, person_id)
    if not can_view_office(current_user, person.office_id):
        abort(403)
    rows = learning_queries.my_training(person, utcnow())
    completions, _attempts, titles = learning_queries.history(person)
    return render_template(
        "reports/person.html",
        person=person,
        rows=[r for r in rows if r.required],
        completions=completions,
        titles=titles,
    )
