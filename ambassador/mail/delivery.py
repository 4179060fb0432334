"""Delivery: claim due messages with a lease, send them outside any transaction, record each outcome.

Any number of workers (the scheduler's job, `flask outbox deliver --loop`) may run at once: a
claim is a short transaction that locks the rows it takes (PostgreSQL: FOR UPDATE SKIP LOCKED;
SQLite: BEGIN IMMEDIATE, the database's write lock, taken before reading) and leases them for
ten minutes. A worker that dies leaves its lease to expire, and the rows are claimed again.
Each outcome is recorded the moment it is known (one UPDATE that commits by itself), so a worker
killed mid-batch re-sends at most the message in flight, recognisable by its stable Message-ID.
When the database cannot be reached at that moment (it restarts), the worker keeps the outcome and
records it again on a new connection, for up to about a minute and never past its lease: a message
that went out is not sent again because the database was away while it did.
A temporary failure (no connection, a timeout, a 4xx) is retried after 1 minute, then 2, 4 ...
up to 6 hours; the 8th failed try fails the message. A permanent one (5xx) fails it at once.
"""

import logging
import secrets
import time
from contextlib import suppress
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


def _due(now: datetime):
    """Messages whose time has come, and messages whose worker's lease ran out."""
    return sa.or_(
        sa.and_(OutboxMessage.state == State.QUEUED, OutboxMessage.next_try_at <= now),
        sa.and_(OutboxMessage.state == State.SENDING, OutboxMessage.lease_until <= now),
    )


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
    due = sa.select(*_OUTGOING).where(_due(now)).order_by(OutboxMessage.next_try_at, OutboxMessage.id)
    rows = connection.execute(due.limit(size).with_for_update(skip_locked=True)).all()
    if rows:
        leased = sa.update(OutboxMessage).where(OutboxMessage.id.in_([row.id for row in rows]))
        values = {"state": State.SENDING, "lease_until": now + LEASE, "claimed_by": token}
        connection.execute(leased.values(attempts=OutboxMessage.attempts + 1, **values))
    connection.commit()
    return [Outgoing(**{**row._asdict(), "attempts": row.attempts + 1}) for row in rows]


def _autocommit() -> sa.Connection:
    """A connection whose every statement commits by itself (one round trip per outcome).

    On PostgreSQL its commits do not wait for the disk (synchronous_commit off): an outcome is
    safe once committed, unless the database server itself crashes within the next fraction of a
    second, and then the message is sent again with its Message-ID, as after a worker's crash.
    Waiting for the disk after every message cost about a tenth of the rate here.
    """
    connection = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET synchronous_commit TO off")
    return connection


class Outcomes:
    """Records each message's outcome at once: one UPDATE, committed by itself."""

    def __init__(self, token: str, report: Report):
        """Record outcomes for the worker `token`, on an autocommit connection of its own."""
        self.connection: sa.Connection | None = _autocommit()
        self.token = token
        self.report = report
        self.lease_ends: datetime | None = None  # of the batch being sent

    def close(self) -> None:
        """Give the connection back."""
        if self.connection is not None:
            with suppress(sa.exc.SQLAlchemyError):
                self.connection.close()
            self.connection = None

    def _update(self, ids: list[int], **values) -> None:
        """Update the rows this worker still holds (not those another worker claimed since).

        While the database cannot be reached, wait and try again on a new connection, as long as
        the lease holds: giving up would leave a sent message to be claimed and sent again.
        """
        owned = sa.update(OutboxMessage).where(
            OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == self.token
        )
        statement = owned.values(lease_until=None, claimed_by=None, **values)
        for wait in (*RECORD_WAITS, None):
            try:
                if self.connection is None:
                    self.connection = _autocommit()
                self.connection.execute(statement)
                return
            except sa.exc.DBAPIError as error:
                if wait is None or not unreachable(error) or not self._may_wait(wait):
                    raise
                log.warning("cannot record an outcome (%s); trying again in %s s", error.orig, wait)
                self.close()
            time.sleep(wait)

    def _may_wait(self, seconds: float) -> bool:
        """Whether the lease still holds after `seconds` more (with a margin)."""
        return (
            self.lease_ends is None or utcnow() + timedelta(seconds=seconds) < self.lease_ends - RECORD_MARGIN
        )

    def sent(self, message: Outgoing, now: datetime) -> None:
        """The server accepted the message."""
        self._update([message.id], state=State.SENT, sent_at=now, last_error=None)
        self.report.sent += 1

    def failed(self, message: Outgoing, reason: str, now: datetime, *, permanent: bool) -> None:
        """A try failed: retry later, or fail the message when it is permanent or out of tries."""
        if permanent or message.attempts >= MAX_ATTEMPTS:
            self._update([message.id], state=State.FAILED, last_error=reason)
            self.report.failed += 1
        else:
            retry_at = now + retry_delay(message.attempts)
            self._update([message.id], state=State.QUEUED, next_try_at=retry_at, last_error=reason)
            self.report.retrying += 1

    def dropped(self, message: Outgoing, reason: str) -> None:
        """No longer wanted: dropped with the reason, never sent."""
        self._update([message.id], state=State.DROPPED, last_error=reason)
        self.report.dropped += 1

    def release(self, messages: list[Outgoing]) -> None:
        """Hand back messages not tried (the lease is running out): the try does not count."""
        if messages:
            values = {"state": State.QUEUED, "attempts": OutboxMessage.attempts - 1}
            self._update([m.id for m in messages], **values)


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


def deliver(batch_size: int = BATCH_SIZE, sender=None, stop=lambda: False) -> Report:
    """Send every due message, batch after batch over one SMTP connection.

    Stops when nothing more is due, when the SMTP server cannot be reached (the messages wait
    for their retry), or between batches when `stop()` says so. Uses database connections of
    its own: one for the claims, and one on which each outcome commits by itself.
    """
    sender = sender or sender_for(current_app.config)
    report = Report()
    with db.engine.connect() as connection:
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
        finally:
            sender.close()
            outcomes.close()
    return report
