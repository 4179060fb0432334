"""The read-only JSON API (/api/v1/) and the coordinator's page of its tokens."""

from flask_babel import lazy_gettext as _l

from ambassador.api import (
    guard,
    models,  # noqa: F401  (the tables)
    personal,
)
from ambassador.api.cli import api_cli
from ambassador.api.pages import bp as pages_bp
from ambassador.api.views import bp
from ambassador.extensions import csrf
from ambassador.features import Feature, NavItem
from ambassador.org.access import is_staff
from ambassador.web import answer_errors_with


def setup(app) -> None:
    """No CSRF and no session cookie for API calls (a token is their only credential); JSON errors."""
    csrf.exempt(bp)
    app.session_interface = guard.ApiSessionInterface()
    answer_errors_with(app, guard.render_error)


FEATURE = Feature(
    name="api",
    blueprints=(bp, pages_bp),
    nav=(NavItem("api_tokens.index", _l("API tokens"), is_staff, 32),),
    commands=(api_cli,),
    setup=setup,
    export=personal.export,
    erase=personal.erase,
)
