"""Web plumbing: security headers, error pages, URL converters and request helpers.

It knows no feature: features declare their own navigation, filters and jobs (`features.py`).
"""

import logging
from urllib.parse import urlsplit

from flask import abort, current_app, render_template, request, url_for
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.routing import IntegerConverter

from ambassador.db import db

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
}


def country_name(code: str) -> str:
    """The name of a country in the current language, else its code."""
    return get_locale().territories.get(code, code)


def security_headers(response):
    """Add the security headers to every response, error pages included."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


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
    """An absolute link for emails and certificates, based on BASE_URL when it is set."""
    base = current_app.config["BASE_URL"].rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def render_error(code: int, message=None):
    """Render the error page for `code` with an optional more specific message."""
    title, default = ERRORS[code]
    body = render_template("errors/error.html", code=code, title=title, message=message or default)
    return body, code


def init_app(app) -> None:
    """Register headers, error handlers and template globals."""
    app.before_request(refuse_nul_bytes)
    app.after_request(security_headers)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        country_name=country_name,
        get_locale=get_locale,
        format_date=format_date,
        format_datetime=format_datetime,
    )

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        """A stale or missing CSRF token: ask to reload rather than fail silently."""
        return render_error(400, _l("The form expired. Please go back, reload and try again."))

    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, lambda error, code=code: render_error(code))

    @app.errorhandler(500)
    def server_error(error):
        """Roll back whatever failed and show a calm page."""
        db.session.rollback()
        log.exception("unhandled error on %s", request.path)
        return render_error(500)
