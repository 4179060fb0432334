"""Web plumbing: security headers, error pages, URL converters and request helpers.

It knows no feature: features declare their own navigation, filters and jobs (`features.py`).
"""

import logging
from contextlib import suppress
from urllib.parse import urlsplit

import orjson
import sqlalchemy as sa
from flask import abort, current_app, has_request_context, make_response, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import format_date, format_percent, format_time, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.routing import IntegerConverter

from ambassador.db import db, end_session, unreachable

log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

ERRORS = {
    400: (_l("Bad request"), _l("The request could not be understood. Please try again.")),
    403: (_l("Not allowed"), _l("You do not have access to this page.")),
    404: (_l("Page not found"), _l("There is no page at this address.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (_l("File too large"), _l("The file is larger than this site accepts.")),
    500: (_l("Something went wrong"), _l("An unexpected error occurred. It has been logged.")),
    503: (
        _l("Back in a moment"),
        _l(
            "The service cannot reach its database just now, so nothing was saved. Go back to keep what "
            "you typed, and try again in a minute."
        ),
    ),
}
# Seconds a client is asked to wait after a 503 (the database restarting, a lost connection).
RETRY_AFTER = 10


def country_name(code: str) -> str:
    """The name of a country in the current language, else its code."""
    return get_locale().territories.get(code, code)


def format_datetime(value) -> str:
    """A moment in the reader's language and time zone: the medium date and the time in minutes.

    One form everywhere ("Nov 26, 2026, 4:31 PM", "26 nov. 2026 16:31"), matching `format_date`.
    """
    pattern = get_locale().datetime_formats["medium"].replace("'", "")
    return pattern.replace("{0}", format_time(value, "short")).replace("{1}", format_date(value, "medium"))


FORM_TARGETS = "ambassador.form_targets"


def allow_form_targets(app, targets) -> None:
    """Let a feature name other sites that a form here may lead on to (CSP `form-action`).

    `targets()` returns origins such as `https://login.example.com`. Browsers apply form-action to
    every redirect after a form is sent, so a sign-out that goes on to an identity provider needs it.
    """
    app.extensions.setdefault(FORM_TARGETS, []).append(targets)


def content_security_policy() -> str:
    """The Content-Security-Policy: CSP, with the origins features allow forms to lead on to."""
    origins = sorted(
        {origin for targets in current_app.extensions.get(FORM_TARGETS, ()) for origin in targets()}
    )
    return CSP.replace("form-action 'self'", " ".join(["form-action 'self'", *origins]))


def security_headers(response):
    """Add the security headers to every response, error pages included."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def no_store_when_signed_in(response):
    """Pages and files for a signed-in person are never kept by the browser or a proxy.

    Static files are public and skipped (they also need no database); public pages may be cached.
    """
    if request.endpoint != "static" and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


BAD_HOST = "ambassador.bad_host"
# A reserved name (RFC 2606) put in place of a malformed Host so that Flask can still route and render.
STAND_IN_HOST = "host.invalid"


def _host_is_valid(host: str) -> bool:
    """Whether Werkzeug can bind URLs to this Host header (no empty label, none over 63 characters)."""
    try:
        host.lower().encode("idna")
    except UnicodeError:
        return False
    return True


class HostGuard:
    """WSGI middleware: a malformed Host header gets a clean 400 page instead of a 500.

    Werkzeug cannot bind the URL map to such a host, so nothing (not even the error page) could
    build a URL. The host is replaced by a stand-in and the request is flagged; `refuse_bad_host`
    then answers 400 through the normal error page, security headers included.
    """

    def __init__(self, wsgi_app):
        """Wrap the application's WSGI callable."""
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        """Pass the request on, with a stand-in host when its own cannot be used."""
        if not _host_is_valid(environ.get("HTTP_HOST", "")):
            environ = {**environ, "HTTP_HOST": STAND_IN_HOST, BAD_HOST: True}
        return self.wsgi_app(environ, start_response)


def refuse_bad_host():
    """Answer 400 to a request whose Host header was malformed."""
    if request.environ.get(BAD_HOST):
        abort(400)


class DatabaseId(IntegerConverter):
    """`<int:...>` in URLs, bounded so that a huge number is a 404, not a database error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def query_id(name: str) -> int | None:
    """A database id from the query string, or None when missing, malformed or out of range."""
    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value < 2**31 else None


def page_number() -> int:
    """The requested page of a list, 1 when missing or malformed."""
    return max(1, request.args.get("page", 1, type=int))


def refuse_nul_bytes():
    """No person types a NUL byte; PostgreSQL cannot store one. Refuse such input up front."""
    values = [request.path, *request.args.values(), *request.form.values()]
    if any("\x00" in value for value in values):
        abort(400)


def safe_next(target: str | None) -> str | None:
    """Return `target` only when it is a path on this site; never lead off-site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def external_url(endpoint: str, **values) -> str:
    """An absolute link for emails and certificates, always on BASE_URL, never the request's Host.

    It needs no request, so jobs and commands build the same links as pages do.
    """
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


ERROR_RENDERERS = "ambassador.error_renderers"


def answer_errors_with(app, renderer) -> None:
    """Let a feature answer some requests' errors its own way (the API: JSON, never an HTML page).

    `renderer(code)` returns a response for the current request, or None to leave it to the page.
    """
    app.extensions.setdefault(ERROR_RENDERERS, []).append(renderer)


def render_error(code: int, message=None, resend: dict | None = None):
    """Render the error page for `code` with an optional more specific message (and a form to send again)."""
    for renderer in current_app.extensions.get(ERROR_RENDERERS, ()):
        response = renderer(code)
        if response is not None:
            return response
    title, default = ERRORS[code]
    body = render_template(
        "errors/error.html", code=code, title=title, message=message or default, resend=resend
    )
    return body, code


def is_password(name: str) -> bool:
    """Whether a posted field is a password: never kept for later nor written back into a page."""
    return "password" in name.lower()


def files_posted() -> bool:
    """Whether the request carries a chosen file (a file input left empty sends a part with no name)."""
    return any(upload.filename for upload in request.files.values())


KEPT_ON_PAGE = _l(
    "The service cannot reach its database just now, so nothing was saved. What you sent is kept on "
    "this page: send it again in a minute."
)


def resend_form() -> dict | None:
    """What the request posted, to send again from the error page: its address and fields.

    None for anything but a form post. Passwords and files are left out (`left_out` says so): a
    password is not written into a page, and a file cannot be.
    """
    if request.method != "POST" or not request.form:
        return None
    fields, left_out = [], files_posted()
    for name in request.form:
        if is_password(name):
            left_out = True
            continue
        fields.extend((name, value) for value in request.form.getlist(name))
    query = request.query_string.decode("latin-1")
    return {"action": request.path + (f"?{query}" if query else ""), "fields": fields, "left_out": left_out}


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON answers, written by orjson: an API answer of 500 rows takes the standard library
    0.8 ms, orjson 0.06 ms (a tenth of what the page costs beyond its statement).

    Keys stay in the order written (the API's documented order). UTF-8 rather than \\u escapes;
    dates and times as ISO 8601; what orjson does not know goes through Flask's `default`
    (decimals, dataclasses, `__html__`). Reading JSON stays Flask's.
    """

    def dumps(self, obj, **kwargs) -> str:
        """`obj` as JSON text (with keyword arguments, the standard library's, which takes them)."""
        if kwargs:
            return super().dumps(obj, **kwargs)
        return orjson.dumps(obj, default=self.default, option=orjson.OPT_NON_STR_KEYS).decode()

    def response(self, *args, **kwargs):
        """A JSON answer, indented in debug mode, ending in a newline as Flask's does."""
        option = orjson.OPT_NON_STR_KEYS | (orjson.OPT_INDENT_2 if self._app.debug else 0)
        body = orjson.dumps(self._prepare_response_obj(args, kwargs), default=self.default, option=option)
        return self._app.response_class(body + b"\n", mimetype=self.mimetype)


def init_app(app) -> None:
    """Register headers, error handlers and template globals."""
    app.wsgi_app = HostGuard(app.wsgi_app)
    app.json = JSONProvider(app)
    # First of all before-request hooks: nothing else should run for a request being refused.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_bad_host)
    app.before_request(refuse_nul_bytes)
    app.after_request(no_store_when_signed_in)
    app.after_request(security_headers)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        country_name=country_name,
        get_locale=get_locale,
        format_date=format_date,
        format_datetime=format_datetime,
        format_percent=format_percent,
    )

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        """A stale or missing CSRF token: ask to reload rather than fail silently."""
        return render_error(400, _l("The form expired. Please go back, reload and try again."))

    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, lambda error, code=code: render_error(code))

    @app.errorhandler(sa.exc.OperationalError)
    @app.errorhandler(sa.exc.InterfaceError)
    def database_unreachable(error):
        """503 while the database restarts or a connection was lost; any other database error is a bug."""
        with suppress(sa.exc.SQLAlchemyError):
            db.session.rollback()
        if not unreachable(error):
            raise error
        log.warning("database unreachable on %s: %s", request.path, error.orig)
        # Nobody is signed in as far as this page knows: loading the person would need the database.
        current_app.login_manager._update_request_context_with_user()
        resend = resend_form()
        response = make_response(render_error(503, KEPT_ON_PAGE if resend else None, resend))
        response.headers["Retry-After"] = str(RETRY_AFTER)
        if resend:
            response.headers["Cache-Control"] = "no-store"  # what someone typed
        return response

    @app.teardown_appcontext
    def end_database_session(error):
        """End the request's database session (before Flask-SQLAlchemy's own teardown, registered earlier).

        Committed when it only read, else rolled back (`db.end_session`; a request that failed is
        rolled back by its error handler first). When the database went away after the page was
        made (a restart ends every connection), ending the session fails; the page is still good,
        so the lost connection is let go (the pool drops it) instead of turning the finished page
        into a 500.
        """
        try:
            end_session(failed=error is not None)
        except sa.exc.DBAPIError as lost:
            if not unreachable(lost):
                raise
            where = request.path if has_request_context() else "a command"
            log.warning("the database went away as %s ended: %s", where, lost.orig)
            with suppress(sa.exc.SQLAlchemyError):
                db.session().invalidate()  # closes the dead connections rather than returning them
            db.session.registry.clear()

    @app.errorhandler(500)
    def server_error(error):
        """Roll back whatever failed and show a calm page."""
        db.session.rollback()
        log.exception("unhandled error on %s", request.path)
        return render_error(500)
