"""How a request's transaction ends: committed when it only read (psycopg keeps its prepared
statements), rolled back when it wrote anything it did not commit itself, or failed."""

import pytest
import sqlalchemy as sa
from flask import abort

from ambassador import create_app
from ambassador.db import db
from ambassador.org.models import Office
from tests.factories import make_office


@pytest.fixture
def endings(app):
    """How each transaction ended, in order: "commit" or "rollback"."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine
    listeners = {name: (lambda connection, name=name: seen.append(name)) for name in ("commit", "rollback")}
    for name, listener in listeners.items():
        sa.event.listen(engine, name, listener)
    yield seen
    for name, listener in listeners.items():
        sa.event.remove(engine, name, listener)


@pytest.fixture
def side_app(app):
    """A second app on the test database, with pages that change an office and do not commit."""
    side = create_app(
        {
            "TESTING": True,
            "PROPAGATE_EXCEPTIONS": False,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        }
    )

    def rename(flush: bool, fail: bool = False):
        office = db.session.scalars(sa.select(Office)).one()
        office.name = "Renamed"
        if flush:
            db.session.flush()
        if fail:
            abort(500)
        return office.name

    side.add_url_rule("/read", "read", lambda: db.session.scalars(sa.select(Office.name)).one())
    side.add_url_rule("/rename-unsaved", "unsaved", lambda: rename(flush=False))
    side.add_url_rule("/rename-flushed", "flushed", lambda: rename(flush=True))
    side.add_url_rule("/rename-then-fail", "fail", lambda: rename(flush=True, fail=True))
    yield side
    with side.app_context():
        db.engine.dispose()


def _name(app) -> str:
    with app.app_context():
        return db.session.scalars(sa.select(Office.name)).one()


def test_a_page_that_only_reads_ends_in_a_commit(client, org, endings):
    client.login(org.coordinator.email)
    endings.clear()
    assert client.get("/reports").status_code == 200
    assert endings == ["commit"]


@pytest.mark.parametrize("path", ["/rename-unsaved", "/rename-flushed", "/rename-then-fail"])
def test_what_a_page_changed_without_committing_is_not_kept(app, side_app, path):
    with app.app_context():
        make_office(name="Oslo")
        db.session.commit()
    side_app.test_client().get(path)
    assert _name(app) == "Oslo"


def test_a_page_that_read_is_the_same_after_its_commit(app, side_app):
    with app.app_context():
        make_office(name="Oslo")
        db.session.commit()
    assert side_app.test_client().get("/read").get_data(as_text=True) == "Oslo"
    assert _name(app) == "Oslo"


def test_postgresql_keeps_the_statements_it_prepared_across_requests(client, org):
    """After a few requests on one connection, the sign-in lookup runs prepared (psycopg forgot
    its prepared statements at every rollback, and every page ended in one)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: prepared statements are psycopg's")
    client.login(org.coordinator.email)
    db.session.remove()
    db.engine.dispose()  # from here the pool holds the one connection the pages are served on
    for _ in range(7):
        assert client.get("/reports").status_code == 200
    db.session.remove()
    with db.engine.connect() as connection:  # the pool's one connection, which served the pages
        prepared = connection.exec_driver_sql("SELECT statement FROM pg_prepared_statements").scalars().all()
    assert any("FROM user_session" in statement for statement in prepared)
