"""Delivery: claim due messages with a lease, send them outside any transaction, record each outcome.

Any number of workers (the scheduler's job, `flask outbox deliver --loop`) may run at once: a
claim is a short transaction that locks the rows it takes (PostgreSQL: FOR UPDATE SKIP LOCKED;
SQLite: BEGIN IMMEDIATE, the database's write lock, taken before reading) and leases them for
ten minutes. A worker that dies leaves its lease to expire, and the rows are claimed again.
Each outcome is recorded as soon as it is known (an UPDATE that commits by itself, written by a
thread of its own while the next message goes out, see `Outcomes`), so a worker killed mid-batch
re-sends only the message in flight and the few outcomes not yet written, each recognisable by its
stable Message-ID. The sender writes the next messages ahead in another thread (`SmtpSender.expect`).
When the database cannot be reached at that moment (it restarts), the worker keeps the outcome and
records it again on a new connection, for up to about a minute and never past its lease: a message
that went out is not sent again because the database was away while it did.
A temporary failure (no connection, a timeout, a 4xx) is retried after 1 minute, then 2, 4 ...
up to 6 hours; the 8th failed try fails the message. A permanent one (5xx) fails it at once.
"""

import itertools
import logging
import queue
import secrets
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from ambassador.clock import utcnow
from ambassador.db import db, unreachable
from ambassador.mail import wanted
from ambassador.mail.models import OutboxMessage, Outgoing, State
from ambassador.mail.smtp import LogSender, SendFailure, SmtpSender, SmtpSettings

log = logging.getLogger(__name__)

BATCH_SIZE = 100
LEASE = timedelta(minutes=10)
LEASE_MARGIN = timedelta(minutes=1)  # stop sending a batch this long before its lease ends
# Seconds between tries to record an outcome while the database cannot be reached (about a minute in all),
# and how long before the lease ends the worker gives up (another worker may then claim the message).
RECORD_WAITS = (0.5, 1, 2, 4, 8, 15, 15, 15)
RECORD_MARGIN = timedelta(seconds=10)
SWITCH_INTERVAL = 0.001  # seconds; see _prompt_threads
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
# What a worker needs of a claimed message; it sends from these copies, outside any transaction.
_OUTGOING = (
    OutboxMessage.id,
    OutboxMessage.key,
    OutboxMessage.kind,
    OutboxMessage.person_id,
    OutboxMessage.to_address,
    OutboxMessage.to_name,
    OutboxMessage.subject,
    OutboxMessage.text_body,
    OutboxMessage.html_body,
    OutboxMessage.message_id,
    OutboxMessage.attempts,
)


@dataclass
class Report:
    """What one delivery run did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    dropped: int = 0

    def __iadd__(self, other: "Report") -> "Report":
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed
        self.dropped += other.dropped
        return self

    def __str__(self) -> str:
        return f"{self.sent} sent, {self.retrying} to retry, {self.failed} failed, {self.dropped} dropped"


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try: 1 minute, doubling, at most 6 hours."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)


def _take_write_lock(connection: sa.Connection) -> None:
    """On SQLite, take the write lock before reading (BEGIN IMMEDIATE); elsewhere nothing.

    Otherwise two SQLite workers could read the same due rows before either writes. pysqlite
    begins a deferred transaction by itself only before a write and leaves an explicit BEGIN
    alone; its commit() ends the transaction either way.
    """
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def claim(connection: sa.Connection, now: datetime, token: str, size: int = BATCH_SIZE) -> list[Outgoing]:
    """Take up to `size` due messages for the worker `token`, lease them, and commit the claim.

    The try is counted at the claim, so that a message that kills its worker cannot loop forever.
    """
    _take_write_lock(connection)
    # Messages whose worker's lease ran out (it died) first, then those whose time has come, in the
    # order of the index (state, next_try_at, id), so that a claim reads its batch, not all that is due.
    expired = sa.select(*_OUTGOING).where(
        OutboxMessage.state == State.SENDING, OutboxMessage.lease_until <= now
    )
    due = sa.select(*_OUTGOING).where(OutboxMessage.state == State.QUEUED, OutboxMessage.next_try_at <= now)
    rows = []
    for taken in (
        expired.order_by(OutboxMessage.id),
        due.order_by(OutboxMessage.next_try_at, OutboxMessage.id),
    ):
        if len(rows) < size:
            rows += connection.execute(taken.limit(size - len(rows)).with_for_update(skip_locked=True)).all()
    if rows:
        leased = sa.update(OutboxMessage).where(OutboxMessage.id.in_([row.id for row in rows]))
        values = {"state": State.SENDING, "lease_until": now + LEASE, "claimed_by": token}
        connection.execute(leased.values(attempts=OutboxMessage.attempts + 1, **values))
    connection.commit()
    return [Outgoing(**{**row._asdict(), "attempts": row.attempts + 1}) for row in rows]


def _autocommit(engine: sa.Engine) -> sa.Connection:
    """A connection whose every statement commits by itself.

    On PostgreSQL its commits do not wait for the disk (synchronous_commit off): an outcome is
    safe once committed, unless the database server itself crashes within the next fraction of a
    second, and then the message is sent again with its Message-ID, as after a worker's crash.
    Waiting for the disk after every message cost about a tenth of the rate here.
    """
    connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET synchronous_commit TO off")
    return connection


def _outcome(**values) -> sa.Update:
    """The UPDATE that records one kind of outcome, for rows this worker still holds (executemany).

    Not for rows another worker claimed since (its lease ran out): that worker's outcome counts.
    """
    held = sa.update(OutboxMessage).where(
        OutboxMessage.id == sa.bindparam("row_id"), OutboxMessage.claimed_by == sa.bindparam("token")
    )
    return held.values(lease_until=None, claimed_by=None, **values)


SENT = _outcome(state=State.SENT, sent_at=sa.bindparam("at"), last_error=None)
RETRY = _outcome(state=State.QUEUED, next_try_at=sa.bindparam("at"), last_error=sa.bindparam("error"))
FAILED = _outcome(state=State.FAILED, last_error=sa.bindparam("error"))
DROPPED = _outcome(state=State.DROPPED, last_error=sa.bindparam("error"))
RELEASED = _outcome(state=State.QUEUED, attempts=OutboxMessage.attempts - 1)  # the try does not count
_STOP = object()


class Outcomes:
    """Records each message's outcome as soon as it is known, while the next message goes out.

    A thread of its own writes them on an autocommit connection: whatever came in while it wrote
    the last ones goes in one round trip (executemany), so the database's wait overlaps the SMTP
    server's instead of adding to it. At most `BACKLOG` outcomes wait for the thread, besides the
    ones it is writing; a worker killed meanwhile sends those again (about 20 at the very most),
    recognisable by their Message-ID, as the one in flight.
    """

    BACKLOG = 10

    def __init__(self, token: str, report: Report):
        """Record outcomes for the worker `token` (of the current app's database)."""
        self.token = token
        self.report = report
        self.lease_ends: datetime | None = None  # of the batch being sent
        self._engine = db.engine
        self._waiting: queue.Queue = queue.Queue(maxsize=self.BACKLOG)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._record_all, name="outbox-outcomes", daemon=True)
        self._thread.start()

    def _put(self, statement: sa.Update, **values) -> None:
        """Hand an outcome to the recording thread; raise what stopped it, if anything did."""
        if self._error is not None:
            raise self._error
        self._waiting.put((statement, {"token": self.token, **values}))

    def close(self, *, quietly: bool = False) -> None:
        """Write what waits, then stop; raise what failed (unless `quietly`, when already failing)."""
        self._waiting.put(_STOP)
        self._thread.join()
        if self._error is not None and not quietly:
            raise self._error

    def _record_all(self) -> None:
        """The recording thread: take what came in, write it, again, until told to stop."""
        connection = None
        try:
            while True:
                items = [self._waiting.get()]
                with suppress(queue.Empty):
                    while len(items) < self.BACKLOG + 1:
                        items.append(self._waiting.get_nowait())
                stop = _STOP in items
                if self._error is None:
                    outcomes = [item for item in items if item is not _STOP]
                    for statement, group in itertools.groupby(outcomes, key=lambda item: item[0]):
                        connection = self._write(connection, statement, [values for _, values in group])
                if stop:
                    return
        except BaseException as error:  # handed to the sending thread, which stops at its next outcome
            self._error = error
            self._drain()
        finally:
            if connection is not None:
                with suppress(sa.exc.SQLAlchemyError):
                    connection.close()

    def _drain(self) -> None:
        """After a failure, take what else comes (so the sender never blocks) until told to stop."""
        while self._waiting.get() is not _STOP:
            pass

    def _write(self, connection, statement: sa.Update, rows: list[dict]) -> sa.Connection:
        """Write `rows` in one round trip; the connection to use next.

        While the database cannot be reached, wait and try again on a new connection, as long as
        the lease holds: giving up would leave a sent message to be claimed and sent again.
        """
        for wait in (*RECORD_WAITS, None):
            try:
                if connection is None:
                    connection = _autocommit(self._engine)
                connection.execute(statement, rows)
                return connection
            except sa.exc.DBAPIError as error:
                if wait is None or not unreachable(error) or not self._may_wait(wait):
                    raise
                log.warning("cannot record an outcome (%s); trying again in %s s", error.orig, wait)
                with suppress(sa.exc.SQLAlchemyError):
                    connection.close()
                connection = None
            time.sleep(wait)
        raise AssertionError("unreachable")  # the last wait (None) raises or returns

    def _may_wait(self, seconds: float) -> bool:
        """Whether the lease still holds after `seconds` more (with a margin)."""
        return (
            self.lease_ends is None or utcnow() + timedelta(seconds=seconds) < self.lease_ends - RECORD_MARGIN
        )

    def sent(self, message: Outgoing, now: datetime) -> None:
        """The server accepted the message."""
        self._put(SENT, row_id=message.id, at=now)
        self.report.sent += 1

    def failed(self, message: Outgoing, reason: str, now: datetime, *, permanent: bool) -> None:
        """A try failed: retry later, or fail the message when it is permanent or out of tries."""
        if permanent or message.attempts >= MAX_ATTEMPTS:
            self._put(FAILED, row_id=message.id, error=reason)
            self.report.failed += 1
        else:
            self._put(RETRY, row_id=message.id, at=now + retry_delay(message.attempts), error=reason)
            self.report.retrying += 1

    def dropped(self, message: Outgoing, reason: str) -> None:
        """No longer wanted: dropped with the reason, never sent."""
        self._put(DROPPED, row_id=message.id, error=reason)
        self.report.dropped += 1

    def release(self, messages: list[Outgoing]) -> None:
        """Hand back messages not tried (the lease is running out): the try does not count."""
        for message in messages:
            self._put(RELEASED, row_id=message.id)


def _checked(batch: list[Outgoing], outcomes: Outcomes) -> list[Outgoing]:
    """The messages still wanted; the others are dropped, or held back when their check failed."""
    drop, hold = wanted.unwanted(batch, utcnow())
    db.session.commit()  # the checks only read: end their transaction before any network wait
    for message in batch:
        if message.id in drop:
            outcomes.dropped(message, drop[message.id])
        elif message.id in hold:
            outcomes.failed(message, hold[message.id], utcnow(), permanent=False)
    return [m for m in batch if m.id not in drop and m.id not in hold]


def _send_batch(batch: list[Outgoing], sender, outcomes: Outcomes, lease_ends: datetime) -> bool:
    """Send a claimed batch; False when the connection was lost (the rest waits for a retry)."""
    todo = _checked(batch, outcomes)
    sender.expect(todo, utcnow())  # written ahead while the ones before go out
    for index, message in enumerate(todo):
        now = utcnow()
        if now >= lease_ends - LEASE_MARGIN:  # another worker may claim these soon: leave them
            outcomes.release(todo[index:])
            return True
        try:
            sender.send(message, now)
        except SendFailure as failure:
            if failure.connection:
                for rest in todo[index:]:
                    outcomes.failed(rest, failure.reason, now, permanent=False)
                return False
            outcomes.failed(message, failure.reason, now, permanent=failure.permanent)
        else:
            outcomes.sent(message, now)
    return True


def sender_for(config):
    """An SMTP sender, or without SMTP_HOST one that only logs (the outbox page shows the mail)."""
    settings = SmtpSettings.from_config(config)
    return SmtpSender(settings, config["MAIL_FROM"]) if settings else LogSender()


@contextmanager
def _prompt_threads() -> Iterator[None]:
    """While delivering, let a thread that waited for the network have Python's lock back within 1 ms.

    Three threads share it: one sends, one writes the next messages, one records outcomes. By
    default a busy thread keeps the lock for up to 5 ms, so the sender, woken by the SMTP server's
    answer, would wait for the writer; this gave about a tenth more messages a second.
    """
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def deliver(batch_size: int = BATCH_SIZE, sender=None, stop=lambda: False) -> Report:
    """Send every due message, batch after batch over one SMTP connection.

    Stops when nothing more is due, when the SMTP server cannot be reached (the messages wait
    for their retry), or between batches when `stop()` says so. Uses database connections of
    its own: one for the claims, and one on which each outcome commits by itself.
    """
    sender = sender or sender_for(current_app.config)
    report = Report()
    with _prompt_threads(), db.engine.connect() as connection:
        outcomes = Outcomes(secrets.token_hex(8), report)
        try:
            while True:
                claimed_at = utcnow()
                batch = claim(connection, claimed_at, outcomes.token, batch_size)
                if not batch:
                    break
                outcomes.lease_ends = claimed_at + LEASE
                connected = _send_batch(batch, sender, outcomes, outcomes.lease_ends)
                if not connected or len(batch) < batch_size or stop():
                    break
        except BaseException:
            outcomes.close(quietly=True)
            raise
        else:
            outcomes.close()
        finally:
            sender.close()
    return report
