"""Settings every database connection of the app gets."""

import pytest
import sqlalchemy as sa

from ambassador.db import db


def test_postgresql_connections_do_not_compile_queries_just_in_time(app):
    """A wide status CASE took PostgreSQL seconds to JIT-compile; the app's connections turn JIT off."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no JIT")
    assert db.session.execute(sa.text("SHOW jit")).scalar() == "off"
    db.session.rollback()  # set outside any transaction, so a rollback does not undo it
    assert db.session.execute(sa.text("SHOW jit")).scalar() == "off"
    with db.engine.connect() as fresh:
        assert fresh.execute(sa.text("SHOW jit")).scalar() == "off"
