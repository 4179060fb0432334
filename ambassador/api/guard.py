"""What every API call goes through: the bearer token, JSON errors and no session cookie.

The API's error messages are English whatever the caller's language: they are read by programs
and by the people who write them, and a message that changes with Accept-Language is a worse
contract (README "API").
"""

import logging

from flask import g, jsonify, request
from flask.sessions import SecureCookieSession

from ambassador.api import tokens
from ambassador.auth.sessions import ClockedSessionInterface
from ambassador.clock import utcnow
from ambassador.db import db

log = logging.getLogger(__name__)

PREFIX = "/api/"
VERSION_PREFIX = "/api/v1/"
# The token page lives under /api/ too, but is an ordinary signed-in page with HTML errors.
PAGE_BLUEPRINT = "api_tokens"
# The API's own description needs no token.
PUBLIC_ENDPOINTS = {"api.openapi"}
MESSAGES = {
    400: "Bad request.",
    401: "Send a valid token: Authorization: Bearer <token>.",
    403: "Not allowed.",
    404: "There is nothing at this address.",
    405: "Method not allowed: the API answers GET only.",
    413: "The request is too large.",
    500: "An unexpected error occurred. It has been logged.",
    503: "The database cannot be reached just now. Try again shortly (Retry-After).",
}


class ApiError(Exception):
    """A refused API call: the status and an English message for the caller."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def json_error(status: int, message: str):
    """A JSON error answer: {"error": message}; a 401 says how to authenticate."""
    response = jsonify(error=message)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="ambassador"'
    response.headers["Cache-Control"] = "no-store"
    return response


def is_api_request() -> bool:
    """Whether the current request is an API call (anything under /api/ but the token page)."""
    return request.path.startswith(PREFIX) and request.blueprint != PAGE_BLUEPRINT


def render_error(code: int):
    """The JSON answer to an error of an API call (None for any other request)."""
    if not is_api_request():
        return None
    return json_error(code, MESSAGES.get(code, MESSAGES[500]))


def handle_api_error(error: ApiError):
    """Answer a refused call with its status and message."""
    db.session.rollback()
    return json_error(error.status, error.message)


def _bearer() -> str:
    """The token of the Authorization header, or "" when there is none."""
    scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def authenticate() -> None:
    """Before each API call: a working token, or a 401. The call is logged with the token's name."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    token, now = _bearer(), utcnow()
    row = tokens.authenticate(token, now) if token else None
    if row is None:
        log.info("api %s %s refused: %s token", request.method, request.path, "bad" if token else "no")
        raise ApiError(401, "A valid API token is required: Authorization: Bearer <token>.")
    g.api_token = row.name  # read before the commit, which would have it loaded again
    if row.last_used_at == now:
        db.session.commit()  # its last use, noted at most once a minute; else nothing to commit
    log.info("api %s %s by token %r", request.method, request.full_path.rstrip("?"), g.api_token)


def no_store(response):
    """API answers are never kept by a browser or a proxy."""
    response.headers["Cache-Control"] = "no-store"
    return response


class ApiSessionInterface(ClockedSessionInterface):
    """The session cookie, except for API calls: they neither read nor set it (a token or nothing)."""

    def open_session(self, app, request):
        """An empty, throw-away session for API calls; the signed cookie otherwise."""
        if request.path.startswith(VERSION_PREFIX):
            return SecureCookieSession()
        return super().open_session(app, request)

    def save_session(self, app, session, response) -> None:
        """Never a Set-Cookie on an API answer."""
        if request.path.startswith(VERSION_PREFIX):
            return
        super().save_session(app, session, response)
