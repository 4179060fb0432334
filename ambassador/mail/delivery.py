"""Delivery: claim due messages with a lease, send them outside any transaction, record each outcome.

Any number of workers (the scheduler's job, `flask outbox deliver --loop`) may run at once: a
claim is a short transaction that locks the rows it takes (PostgreSQL: FOR UPDATE SKIP LOCKED;
SQLite: BEGIN IMMEDIATE, the database's write lock, taken before reading) and leases them for
ten minutes. A worker that dies leaves its lease to expire, and the rows are claimed again.
A temporary failure (no connection, a timeout, a 4xx) is retried after 1 minute, then 2, 4 ...
up to 6 hours; the 8th failed try fails the message. A permanent one (5xx) fails it at once.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.mail import wanted
from ambassador.mail.models import OutboxMessage, Outgoing, State
from ambassador.mail.smtp import LogSender, SendFailure, SmtpSender, SmtpSettings

BATCH_SIZE = 100
LEASE = timedelta(minutes=10)
LEASE_MARGIN = timedelta(minutes=1)  # stop sending a batch this long before its lease ends
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
MARK_EVERY = 20  # sent messages recorded per transaction (a crash re-sends at most these)


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


def _take_write_lock() -> None:
    """Start the claim's transaction; on SQLite take the write lock before reading (BEGIN IMMEDIATE).

    Without it two SQLite workers could read the same due rows before either writes. pysqlite
    would begin a deferred transaction by itself at the first write; an explicit BEGIN is left
    alone by it, and its commit() ends the transaction.
    """
    db.session.commit()  # the claim is a transaction of its own
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def claim(now: datetime, token: str, size: int = BATCH_SIZE) -> list[Outgoing]:
    """Take up to `size` due messages for the worker `token`, lease them, and commit the claim."""
    _take_write_lock()
    query = (
        sa.select(OutboxMessage)
        .where(_due(now))
        .order_by(OutboxMessage.next_try_at, OutboxMessage.id)
        .limit(size)
        .with_for_update(skip_locked=True)
    )
    rows = db.session.scalars(query).all()
    for row in rows:
        row.state = State.SENDING
        row.lease_until = now + LEASE
        row.claimed_by = token
        row.attempts += 1  # counted at the claim, so that a message that kills its worker cannot loop
    batch = [row.outgoing() for row in rows]
    db.session.commit()
    return batch


class Outcomes:
    """The outcome of each message of a batch, written in short transactions of their own."""

    def __init__(self, token: str, report: Report):
        """Collect outcomes for the worker `token`."""
        self.token = token
        self.report = report
        self.sent: list[int] = []

    def _update(self, ids: list[int], **values) -> None:
        """Update the rows this worker still holds."""
        owned = sa.update(OutboxMessage).where(
            OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == self.token
        )
        finished = {"lease_until": None, "claimed_by": None}
        db.session.execute(owned.values(**finished, **values).execution_options(synchronize_session=False))

    def mark_sent(self, message: Outgoing, now: datetime) -> None:
        """Record a sent message (written with the next MARK_EVERY, or at `flush`)."""
        self.sent.append(message.id)
        self.report.sent += 1
        if len(self.sent) >= MARK_EVERY:
            self.flush(now)

    def flush(self, now: datetime) -> None:
        """Write the sent messages not yet written."""
        if self.sent:
            self._update(self.sent, state=State.SENT, sent_at=now, last_error=None)
            db.session.commit()
            self.sent = []

    def failed(self, message: Outgoing, reason: str, now: datetime, *, permanent: bool) -> None:
        """A try failed: retry later, or fail the message when it is permanent or out of tries."""
        if permanent or message.attempts >= MAX_ATTEMPTS:
            self._update([message.id], state=State.FAILED, last_error=reason)
            self.report.failed += 1
        else:
            retry_at = now + retry_delay(message.attempts)
            self._update([message.id], state=State.QUEUED, next_try_at=retry_at, last_error=reason)
            self.report.retrying += 1
        db.session.commit()

    def dropped(self, ids_and_reasons: dict[int, str]) -> None:
        """Messages no longer wanted: dropped with the reason, never sent."""
        for message_id, reason in ids_and_reasons.items():
            self._update([message_id], state=State.DROPPED, last_error=reason)
        self.report.dropped += len(ids_and_reasons)
        db.session.commit()

    def release(self, messages: list[Outgoing]) -> None:
        """Hand back messages not tried (the lease is running out): the try does not count."""
        if messages:
            values = {"state": State.QUEUED, "attempts": OutboxMessage.attempts - 1}
            self._update([m.id for m in messages], **values)
            db.session.commit()


def _send_batch(batch: list[Outgoing], sender, outcomes: Outcomes, lease_ends: datetime) -> bool:
    """Send a claimed batch; False when the connection was lost (the rest waits for a retry)."""
    drop, hold = wanted.unwanted(batch, utcnow())
    db.session.commit()  # the checks only read; end their transaction before any network wait
    outcomes.dropped(drop)
    for message in batch:
        if message.id in hold:
            outcomes.failed(message, hold[message.id], utcnow(), permanent=False)
    todo = [m for m in batch if m.id not in drop and m.id not in hold]
    for index, message in enumerate(todo):
        now = utcnow()
        if now >= lease_ends - LEASE_MARGIN:  # another worker may claim these soon: leave them
            outcomes.flush(now)
            outcomes.release(todo[index:])
            return True
        try:
            sender.send(message, now)
        except SendFailure as failure:
            outcomes.flush(now)
            if failure.connection:
                for rest in todo[index:]:
                    outcomes.failed(rest, failure.reason, now, permanent=False)
                return False
            outcomes.failed(message, failure.reason, now, permanent=failure.permanent)
        else:
            outcomes.mark_sent(message, now)
    outcomes.flush(utcnow())
    return True


def sender_for(config):
    """An SMTP sender, or without SMTP_HOST one that only logs (the outbox page shows the mail)."""
    settings = SmtpSettings.from_config(config)
    return SmtpSender(settings, config["MAIL_FROM"]) if settings else LogSender()


def deliver(batch_size: int = BATCH_SIZE, sender=None, stop=lambda: False) -> Report:
    """Send every due message, batch after batch over one connection.

    Stops when nothing more is due, when the SMTP server cannot be reached (the messages wait
    for their retry), or between batches when `stop()` says so. Commits its own transactions:
    the claim, then the outcomes.
    """
    sender = sender or sender_for(current_app.config)
    report = Report()
    outcomes = Outcomes(secrets.token_hex(8), report)
    try:
        while True:
            claimed_at = utcnow()
            batch = claim(claimed_at, outcomes.token, batch_size)
            if not batch:
                break
            connected = _send_batch(batch, sender, outcomes, claimed_at + LEASE)
            if not connected or len(batch) < batch_size or stop():
                break
    finally:
        sender.close()
    return report
