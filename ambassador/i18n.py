"""Language and time zone of each request."""

from flask import current_app, has_request_context, request, session
from flask_login import current_user

from ambassador.extensions import babel

LANGUAGE_KEY = "lang"


def select_locale() -> str:
    """The signed-in person's language, else the visitor's choice, else Accept-Language."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get(LANGUAGE_KEY)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(list(languages)) or "en"


def select_timezone() -> str:
    """Times are shown in the signed-in person's office time zone."""
    if has_request_context() and current_user.is_authenticated:
        return current_user.office.timezone
    return current_app.config["DEFAULT_TIMEZONE"]


def init_app(app) -> None:
    """Bind Flask-Babel with our selectors."""
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
