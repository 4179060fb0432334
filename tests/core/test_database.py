"""Settings every database connection of the app gets."""

from datetime import UTC, date

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


def test_postgresql_plans_a_prepared_statement_for_its_values_every_time(app):
    """A plan made once for any office (a generic plan) slowed the head office's drill-down by a quarter."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite prepares no statements on a server")
    with db.engine.connect() as fresh:
        assert fresh.execute(sa.text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"


def test_postgresql_connections_speak_utc_and_give_back_utc(app):
    """Whatever the server's zone (here Etc/UTC): a timestamp's day in SQL is its UTC day, read as UTC."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite keeps no zone")
    with db.engine.connect() as fresh:
        assert fresh.execute(sa.text("SHOW TimeZone")).scalar() == "UTC"
        moment = fresh.execute(sa.text("SELECT CAST('2026-03-01 23:30:00+00' AS timestamptz)")).scalar()
        assert moment.tzinfo is UTC and moment.hour == 23
        day = fresh.execute(
            sa.text("SELECT CAST(CAST('2026-03-01 23:30:00+00' AS timestamptz) AS date)")
        ).scalar()
        assert day == date(2026, 3, 1)
