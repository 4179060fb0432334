"""The API's endpoints under /api/v1/. Each view's docstring holds its OpenAPI description (YAML).

Coverage is read from the day's snapshot (the same statements as the dashboard); a person's
status per module is counted live for one office, a page at a time.
"""

from datetime import UTC

from flask import Blueprint, jsonify, request

from ambassador.api import params, spec
from ambassador.api.guard import ApiError, authenticate, handle_api_error, no_store
from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.org.models import Office
from ambassador.org.queries import countries
from ambassador.reports import office as office_queries
from ambassador.reports import queries
from ambassador.training import catalogue

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.before_request(authenticate)
bp.after_request(no_store)
bp.register_error_handler(ApiError, handle_api_error)
# Titles in English (else the module's own language): the API speaks one language.
LANGUAGE = "en"


def iso_utc(moment) -> str:
    """A moment as ISO 8601 in UTC, with a Z."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _row(group: str, line: queries.Line) -> dict:
    """One answer row: the group's own keys (office_id, office and country; country; module_id), then the
    counts and the coverage (built directly: an answer has a row per office, 500 of them)."""
    key, name, *figures, country = line
    coverage = line.coverage
    counts = dict(zip(queries.COUNTS, figures, strict=True))
    counts["coverage"] = None if coverage is None else round(coverage, 4)
    if group == "office":
        return {"office_id": int(key), "office": name, "country": country, **counts}
    if group == "country":
        return {"country": country or key, **counts}
    return {"module_id": int(key), **counts}


@bp.get("/coverage")
def coverage():
    """Coverage per office, country or module, from the day's snapshot.
    ---
    get:
      summary: Coverage per office, country or module
      description: >
        The figures as the snapshot of the day holds them (taken hourly; `as_of` says when).
        coverage = valid ÷ required (docs/COVERAGE.md), null when nobody is required.
        Keys that do not apply to the grouping are left out.
      parameters:
        - {name: by, in: query, required: true, schema: {type: string, enum: [office, country, module]}}
        - {name: module, in: query, schema: {type: integer, minimum: 1}, description: Only this module}
        - {name: country, in: query, schema: {type: string}, description: Only this country (ISO code)}
        - {name: as_of, in: query, schema: {type: string, format: date}, description: A past day}
      responses:
        "200": {description: The figures, content: {application/json: {schema: CoverageAnswer}}}
        "400": {description: A bad parameter, content: {application/json: {schema: Error}}}
        "401": {description: No valid token, content: {application/json: {schema: Error}}}
        "503":
          description: No snapshot taken yet, or the database cannot be reached just now
          content: {application/json: {schema: Error}}
    """
    by = params.group(request.args)
    days = queries.snapshot_days()
    first, latest = days.first, days.latest
    if latest is None:
        raise ApiError(503, "No coverage figures yet: the first snapshot is taken when the scheduler starts.")
    # Module titles and the countries only where the call needs them (each a statement).
    titles = queries.module_titles(LANGUAGE) if by == "module" or "module" in request.args else {}
    known = countries() if "country" in request.args else []
    filters = params.coverage_filters(request.args, (first, latest), utcnow().date(), titles, known)
    taken_at = days.taken_at(filters.day)
    if taken_at is None:
        raise ApiError(400, f"No snapshot was taken on {filters.day.isoformat()}.")
    lines = queries.sort(queries.table(by, filters, titles), "name", False)
    return jsonify(as_of=iso_utc(taken_at), rows=[_row(by, line) for line in lines])


def _person(colleague: office_queries.Colleague) -> dict:
    """One person of the answer with their status per module required of them."""
    statuses = [{"module_id": m, "status": s.value} for m, s in sorted(colleague.statuses.items())]
    return {"id": colleague.id, "name": colleague.name, "email": colleague.email, "statuses": statuses}


@bp.get("/people")
def people():
    """An office's active people with their status per module, 50 a page, the most overdue first.
    ---
    get:
      summary: An office's people and their status per module
      description: >
        Counted live. Each person lists the published modules required of them, with their status:
        current, refresher_open, overdue or to_do.
      parameters:
        - {name: office, in: query, required: true, schema: {type: integer, minimum: 1}}
        - {name: page, in: query, schema: {type: integer, minimum: 1, default: 1}}
      responses:
        "200": {description: A page of people, content: {application/json: {schema: PeopleAnswer}}}
        "400": {description: A bad parameter, content: {application/json: {schema: Error}}}
        "401": {description: No valid token, content: {application/json: {schema: Error}}}
        "404": {description: No such office, content: {application/json: {schema: Error}}}
    """
    office_id = params.positive_int(request.args, "office")
    page_number = params.positive_int(request.args, "page", default=1)
    office = db.session.get(Office, office_id)
    if office is None:
        raise ApiError(404, f"There is no office with the id {office_id}.")
    now = utcnow()
    modules = catalogue.published_modules()
    page = office_queries.training(office, modules, now, page=page_number).page
    if page_number > page.pages:
        raise ApiError(400, f"`page` {page_number} is past the last page, {page.pages}.")
    return jsonify(
        as_of=iso_utc(now),
        office_id=office.id,
        office=office.name,
        modules=[{"module_id": m.id, "title": m.text(LANGUAGE).title} for m in modules],
        page=page.page,
        pages=page.pages,
        total=page.total,
        people=[_person(c) for c in page.items],
    )


@bp.get("/openapi.json")
def openapi():
    """This API described in OpenAPI 3.1 (no token needed).
    ---
    get:
      summary: This document
      security: []
      responses:
        "200": {description: The OpenAPI document, content: {application/json: {schema: {type: object}}}}
    """
    return jsonify(spec.document([coverage, people, openapi]))
