"""The database handle, naming conventions and column types shared by every model."""

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so that Alembic migrations can drop and alter them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.types.TypeDecorator):
    """A timezone-aware UTC datetime that round-trips the same way on SQLite and PostgreSQL."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        """Use a native timestamptz on PostgreSQL and a naive column elsewhere."""
        if dialect.name == "postgresql":
            return dialect.type_descriptor(sa.DateTime(timezone=True))
        return dialect.type_descriptor(sa.DateTime())

    def process_bind_param(self, value, dialect):
        """Refuse naive datetimes: every stored time must be unambiguous UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored; use clock.utcnow()")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        """Return an aware UTC datetime whatever the backend gave back."""
        if value is None:
            return None
        if value.tzinfo is UTC:  # PostgreSQL speaks UTC to the app (see _postgresql_settings)
            return value
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base carrying the naming convention."""

    registry = sa.orm.registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


db = SQLAlchemy(model_class=Base)


def read_through(statement, batch: int):
    """Every row of `statement`, fetched `batch` at a time from a server-side cursor (for a download).

    On the session's connection, not through the ORM, which costs some microseconds a row. On
    PostgreSQL the cursor is planned for reading every row: by default it is planned for its first
    tenth (`cursor_tuple_fraction`), a plan that starts fast and ends a second or more later at
    100,000 people. The setting lasts until the transaction ends.
    """
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SET LOCAL cursor_tuple_fraction = 1"))
    return connection.execute(statement.execution_options(stream_results=True, yield_per=batch))


def upsert(target) -> sa.Insert:
    """An INSERT into `target` in the session's dialect, which has ON CONFLICT (SQLite or PostgreSQL)."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(target)


# In a connection's info while its transaction has run anything but a SELECT (`end_session`).
WROTE = "ambassador.wrote"


@sa.event.listens_for(sa.engine.Engine, "begin")
def _transaction_begins(connection) -> None:
    """A new transaction has written nothing yet."""
    connection.info.pop(WROTE, None)


@sa.event.listens_for(sa.engine.Engine, "before_cursor_execute")
def _note_anything_but_reading(connection, cursor, statement, parameters, context, executemany) -> None:
    """Mark the transaction as written to by any statement that is not a SELECT built with SQLAlchemy
    (text, a driver's SQL, many rows at once: written to, whatever they do)."""
    compiled = getattr(context, "compiled", None)
    if executemany or compiled is None or not isinstance(compiled.statement, sa.Select):
        connection.info[WROTE] = True


def end_session(failed: bool = False) -> None:
    """End the session: its transaction committed when it only read, else (or `failed`) rolled back.

    psycopg forgets its prepared statements at every rollback, so a request ending in one (every
    page that only reads) never ran a statement prepared: the sign-in lookup and each page's
    small statements were parsed and planned again every time (0.1–0.3 ms each on PostgreSQL).
    A commit of a transaction that only read changes nothing a rollback would not; objects the
    session holds unsaved are let go first, so the commit writes nothing.
    """
    session = db.session()
    if not failed and session.in_transaction() and not session.connection().info.get(WROTE):
        session.expunge_all()
        session.commit()
    db.session.remove()


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Turn on foreign keys, WAL and a busy timeout for SQLite connections."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # PostgreSQL's custom settings (`current_setting`), which SQLite lacks, for triggers to read.
    settings = connection_record.info.setdefault(SETTINGS, {})
    dbapi_connection.create_function(SETTING_FUNCTION, 1, settings.get, deterministic=False)


SETTINGS = "ambassador.settings"
SETTING_FUNCTION = "ambassador_setting"  # SQLite: ambassador_setting('name'), NULL when not set


@contextmanager
def local_setting(name: str, value: str) -> Iterator[None]:
    """Set a custom setting (`name` like "ambassador.erasing") on this session's connection, for the block.

    Triggers read it: PostgreSQL with `current_setting(name, true)`, SQLite with
    `ambassador_setting(name)`. On PostgreSQL it is also local to the transaction, so it never
    outlives a commit or a rollback; on both it is cleared when the block ends.
    """
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        set_config = sa.text("SELECT set_config(:name, :value, true)")
        connection.execute(set_config, {"name": name, "value": value})
        try:
            yield
        except BaseException:
            # A failed statement aborts the transaction; its rollback ends the setting anyway.
            with suppress(sa.exc.DBAPIError):
                connection.execute(set_config, {"name": name, "value": ""})
            raise
        connection.execute(set_config, {"name": name, "value": ""})
        return
    settings = connection.info.setdefault(SETTINGS, {})
    settings[name] = value
    try:
        yield
    finally:
        settings.pop(name, None)


@sa.event.listens_for(sa.engine.Engine, "connect")
def _postgresql_settings(dbapi_connection, connection_record):
    """Turn off PostgreSQL's JIT compilation and generic plans for the app's connections, and speak UTC.

    The session's time zone is UTC, whatever the server's default: a timestamp's day in SQL is the
    UTC day the app means, and psycopg hands back datetimes already in UTC, which the app then takes
    as they are (converting 200,000 of them took a second of planning reminders).

    The status rule is a wide CASE per module (`completions.status.status_sql`), and PostgreSQL
    compiles a query whose estimated cost passes `jit_above_cost` before running it: about 5 s for
    the 20 modules' statuses of the head office's 11,000 people, which then run in 0.7 s
    (docs/BENCHMARKS.md). The app's queries are short or run once; none gains from compiling.
    """
    if not type(dbapi_connection).__module__.startswith("psycopg"):
        return
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True  # a SET inside a transaction would be undone by its rollback
    dbapi_connection.execute("SET jit = off")
    dbapi_connection.execute("SET TimeZone = 'UTC'")
    # A prepared statement is planned for its values each time, never once for any (a "generic plan",
    # which PostgreSQL may choose after five runs): the head office's drill-down, run after other
    # offices', took 240 ms planned generically instead of 190 ms. Prepared, it is still not parsed again.
    dbapi_connection.execute("SET plan_cache_mode = force_custom_plan")
    dbapi_connection.autocommit = autocommit


# PostgreSQL's states for "cannot reach the server": connection exceptions (class 08) and the server
# shutting down, crashed or still starting (57P01–57P03). psycopg gives no state for a refused connection.
UNREACHABLE_STATES = ("57P01", "57P02", "57P03")


def unreachable(error: BaseException) -> bool:
    """Whether an error means "the database is not reachable now" (a restart, a lost connection, a lock).

    Anything else, another database error included, is a bug. The web answers such an error with
    503 (`web.py`); mail delivery waits and records again; workers and jobs log one line.
    """
    if not isinstance(error, sa.exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    original = error.orig
    if getattr(original, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return True
    if type(original).__module__.startswith("psycopg"):
        state = getattr(original, "sqlstate", None)
        return state is None or state.startswith("08") or state in UNREACHABLE_STATES
    return False
