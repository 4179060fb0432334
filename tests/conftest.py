"""Fixtures: one app per session on SQLite or TEST_DATABASE_URL, a clean database per test."""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_migrate import upgrade

from ambassador import clock, create_app
from ambassador.db import db
from tests import factories
from tests.smtp import SmtpServer

BASE_URL = "https://ambassador.test"
CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _database_url(tmp_path_factory) -> str:
    """TEST_DATABASE_URL when set (PostgreSQL), else a fresh SQLite file."""
    return os.environ.get("TEST_DATABASE_URL") or "sqlite:///" + str(
        tmp_path_factory.mktemp("db") / "test.sqlite"
    )


def _drop_everything() -> None:
    """Empty a reused test database, alembic_version included."""
    existing = sa.MetaData()
    existing.reflect(db.engine)
    existing.drop_all(db.engine)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The application, migrated to the newest schema with the real migrations."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
            "SECRET_KEY": "test-secret",
            "SERVER_NAME": None,
            "BASE_URL": BASE_URL,
            "PASSWORD_HASH_METHOD": factories.FAST_HASH,
        }
    )
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            _drop_everything()
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def _truncate() -> None:
    """Delete every row so the next test starts clean."""
    tables = list(db.metadata.sorted_tables)
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        # The audit log refuses DELETE (a trigger); TRUNCATE on PostgreSQL fires no row trigger.
        triggers = db.session.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
        triggers = triggers.all()
        for name, _sql in triggers:
            db.session.execute(sa.text(f'DROP TRIGGER "{name}"'))
        for table in reversed(tables):
            db.session.execute(table.delete())
        for _name, sql in triggers:
            db.session.execute(sa.text(sql))
    db.session.commit()


@pytest.fixture(autouse=True)
def app_context(app):
    """An app context per test; the database is emptied afterwards."""
    with app.app_context():
        yield
        db.session.rollback()
        _truncate()
        db.session.remove()
    clock.set_clock(None)


@contextmanager
def configured(app, settings: dict) -> Iterator[None]:
    """`app` with these settings for the length of the block, then as it was."""
    saved = {name: app.config[name] for name in settings}
    app.config.update(settings)
    try:
        yield
    finally:
        app.config.update(saved)


@pytest.fixture
def now():
    """A fixed 'now' that every clock-reading function sees."""
    fixed = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    clock.set_clock(lambda: fixed)
    return fixed


@dataclass
class MovableClock:
    """The time every clock-reading function sees, moved on by the test."""

    now: datetime

    def advance(self, **delta) -> datetime:
        """Move the time on by a timedelta's arguments and return the new time."""
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def movable_clock():
    """A clock starting on a Monday morning that the test moves on."""
    moving = MovableClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    clock.set_clock(lambda: moving.now)
    return moving


class Client(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    The test's own session is committed before each request (so the request sees what the
    test set up) and after it (so the test reads what the request wrote).
    """

    def open(self, *args, **kwargs):
        db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.commit()
        return response

    def raw_post(self, *args, **kwargs):
        """A POST without touching the test's session (for requests from other threads)."""
        return super().open(*args, method="POST", **kwargs)

    def csrf_token(self) -> str:
        """A CSRF token of this client's session, read from a page's form."""
        page = self.get("/auth/login", follow_redirects=True).get_data(as_text=True)
        return CSRF_RE.search(page).group(1)

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        """POST a form with a valid CSRF token."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)

    def login(self, email: str, password: str = factories.PASSWORD, remember: bool = False):
        """Sign in through the real form."""
        data = {"email": email, "password": password}
        if remember:
            data["remember"] = "y"
        return self.post_form("/auth/login", data)

    def logout(self):
        """Sign out through the real form."""
        return self.post_form("/auth/logout")


@pytest.fixture
def client(app):
    """A test client with CSRF protection on."""
    app.test_client_class = Client
    return app.test_client()


@pytest.fixture
def make_client(app):
    """A factory of independent clients (several browsers)."""
    app.test_client_class = Client
    return app.test_client


@pytest.fixture
def org(app_context):
    """A small organisation: two offices and one person of each role."""
    return factories.small_org()


class StatementCounter:
    """Counts SQL statements sent to the database while active."""

    def __init__(self):
        self.count = 0

    def __call__(self, *args, **kwargs):
        self.count += 1


@pytest.fixture
def count_statements():
    """A context manager factory that counts the statements run inside it."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        counter = StatementCounter()
        sa.event.listen(db.engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", counter)

    return counting


@pytest.fixture
def smtp_server(app):
    """A real SMTP server on 127.0.0.1 that the app delivers to (SMTP_HOST and SMTP_PORT point at it)."""
    server = SmtpServer()
    server.start()
    saved = {name: app.config[name] for name in ("SMTP_HOST", "SMTP_PORT")}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port)
    yield server
    app.config.update(saved)
    server.stop()
