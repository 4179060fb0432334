"""While the database restarts, every page answers 503 with a calm message, never a 500 or a traceback."""

import gc
import logging
import os
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from ambassador import create_app, scheduler
from ambassador.db import db, unreachable
from ambassador.mail.cli import _deliver_once, _Stop
from ambassador.web import RETRY_AFTER
from tests.conftest import BASE_URL, CSRF_RE
from tests.factories import make_module

# Nothing listens on port 1: psycopg's connection is refused, as while PostgreSQL restarts.
DOWN = "postgresql+psycopg://postgres@127.0.0.1:1/ambassador"


@pytest.fixture
def down(app):
    """The same site (same secret, same cookies) whose database cannot be reached."""
    broken = create_app(
        {"TESTING": True, "SECRET_KEY": app.config["SECRET_KEY"], "SQLALCHEMY_DATABASE_URI": DOWN}
        | {"BASE_URL": BASE_URL, "SERVER_NAME": None}
    )
    yield broken
    with broken.app_context():
        db.engine.dispose()


def _carry_session(source, target) -> None:
    """Give `target` the cookies `source` holds (one browser, the server restarted behind it)."""
    for name in (source.application.config["SESSION_COOKIE_NAME"], "device"):
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def test_a_signed_in_page_answers_503_with_a_message_while_the_database_is_down(client, org, down):
    employee = org.by_role("employee")
    client.login(employee.email)
    assert client.get("/training").status_code == 200
    browser = down.test_client()
    _carry_session(client, browser)

    response = browser.get("/training")

    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(RETRY_AFTER)
    page = response.get_data(as_text=True)
    assert "Back in a moment" in page
    assert "nothing was saved" in page and "Go back to keep what you typed" in page
    assert "Traceback" not in page and "psycopg" not in page
    # Shown as to a visitor: the page cannot know who is signed in without the database.
    assert employee.name not in page


def test_a_sign_in_posted_while_down_gets_the_page_in_the_browsers_language(down):
    browser, swedish = down.test_client(), {"Accept-Language": "sv"}
    form = browser.get("/auth/login", headers=swedish).get_data(as_text=True)
    data = {"email": "a@example.com", "password": "x", "csrf_token": CSRF_RE.search(form).group(1)}
    response = browser.post("/auth/login", data=data, headers=swedish)
    assert response.status_code == 503
    assert "Tillbaka om en stund" in response.get_data(as_text=True)


def test_an_api_call_answers_503_in_json(down):
    response = down.test_client().get("/api/v1/coverage?by=office", headers={"Authorization": "Bearer x"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(RETRY_AFTER)
    assert "database cannot be reached" in response.get_json()["error"]


def _error_of(url: str, statement: str) -> sa.exc.DBAPIError:
    """The error SQLAlchemy raises for `statement` on a fresh engine for `url`."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(statement))
    except sa.exc.DBAPIError as error:
        return error
    finally:
        engine.dispose()
    raise AssertionError("no error")


def test_only_an_unreachable_database_is_a_503_not_a_bug_in_a_query(tmp_path):
    assert unreachable(_error_of(DOWN, "SELECT 1"))
    # A query naming a table that does not exist is a bug: it stays a 500 and is logged as one.
    assert not unreachable(_error_of(f"sqlite:///{tmp_path}/x.sqlite", "SELECT * FROM nothing"))


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="ends a PostgreSQL connection")
def test_a_page_made_before_the_database_went_away_is_still_served(app):
    """The restart ends the connection between the page and the end of its session: 200, not 500."""
    site = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
        | {"BASE_URL": BASE_URL, "SERVER_NAME": None}
    )

    @site.get("/test/connection-ends")
    def connection_ends():
        pid = db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()  # a transaction is open
        with db.engine.connect() as other:
            other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        return "made"

    response = site.test_client().get("/test/connection-ends")
    assert response.status_code == 200 and response.get_data(as_text=True) == "made"
    with site.app_context():
        assert db.session.execute(sa.text("SELECT 1")).scalar_one() == 1  # the pool let the dead one go
    with site.app_context():  # once the session has given its connection back, so that it is closed
        db.engine.dispose()
    gc.collect()  # a connection left open would warn here, in this test, not in a later one


def test_the_worker_and_the_scheduler_log_one_line_while_the_database_is_away(down, caplog):
    """A database restart is a warning in one line, not a traceback every few seconds."""

    def plan_something():
        return db.session.execute(sa.text("SELECT 1")).scalar_one()

    with down.app_context(), caplog.at_level(logging.WARNING):
        _deliver_once(_Stop())
        scheduler._run(down, plan_something)
    messages = {record.getMessage(): record for record in caplog.records if record.levelno >= logging.WARNING}
    assert any(m.startswith("delivery: the database cannot be reached") for m in messages)
    assert any(m.startswith("job plan_something: the database cannot be reached") for m in messages)
    assert all(record.exc_info is None for record in messages.values())


class _Hidden(HTMLParser):
    """The action and hidden fields of the page's "Send again" form."""

    def __init__(self):
        super().__init__()
        self.action, self.fields = None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post" and self.action is None:
            self.action = attrs["action"]
        if tag == "input" and attrs.get("type") == "hidden":
            self.fields.append((attrs["name"], attrs["value"]))


def _send_again_form(page: str) -> _Hidden:
    parser = _Hidden()
    parser.feed(page)
    return parser


def test_a_text_posted_while_the_database_is_down_is_kept_on_the_page_to_send_again(client, org, down):
    """Going back loses what was typed (the browser keeps no signed-in page): the 503 page keeps it."""
    module = make_module(title="Basics", published=False)
    db.session.commit()
    client.login(org.coordinator.email)
    path = f"/authoring/{module.id}/texts/en"
    form = client.get(path).get_data(as_text=True)
    written = '## Why it matters\n\nSay "stop" & <listen>:\nevery child, every time.'
    data = {"title": "Basics, revised", "summary": "Short", "content": written}
    data["csrf_token"] = CSRF_RE.search(form).group(1)
    browser = down.test_client()
    _carry_session(client, browser)

    response = browser.post(path, data=data, content_type="multipart/form-data")

    assert response.status_code == 503 and response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "What you sent is kept on this page" in page and "Send again" in page
    kept = _send_again_form(page)
    assert kept.action == path
    assert dict(kept.fields)["content"] == written and dict(kept.fields)["title"] == "Basics, revised"
    # The database is back: the same browser sends the page's form again, and the text is saved.
    again = client.post(kept.action, data=dict(kept.fields), content_type="multipart/form-data")
    assert again.status_code == 302
    db.session.expire_all()
    english = next(text for text in module.texts if text.language == "en")
    assert (english.title, english.content) == ("Basics, revised", written)


def test_a_password_posted_while_down_is_not_written_into_the_page(down):
    browser = down.test_client()
    form = browser.get("/auth/login").get_data(as_text=True)
    secret = "correct horse battery staple"
    data = {"email": "elin@example.com", "password": secret, "csrf_token": CSRF_RE.search(form).group(1)}
    page = browser.post("/auth/login", data=data).get_data(as_text=True)
    assert secret not in page
    assert dict(_send_again_form(page).fields)["email"] == "elin@example.com"
    assert "Passwords and files are not kept" in page
