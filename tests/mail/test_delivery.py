"""Delivery over a real SMTP server: once each, retried when the server fails, never lost."""

import os
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from ambassador.db import db
from ambassador.mail import delivery, wanted
from ambassador.mail.models import OutboxMessage, State
from ambassador.mail.smtp import SmtpSender, SmtpSettings
from tests.factories import make_person
from tests.mail.conftest import queue_reset


def _rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def _states() -> Counter:
    return Counter(row.state for row in _rows())


def _claim(now, token: str) -> list:
    """Claim a batch the way a worker does, on a connection of its own."""
    with db.engine.connect() as connection:
        return delivery.claim(connection, now, token)


def test_every_due_message_goes_once_to_its_recipient_alone(app, org, smtp_server, movable_clock, queued):
    people = queued(3, movable_clock.now)
    report = delivery.deliver()
    assert (report.sent, report.retrying, report.failed) == (3, 0, 0)
    assert sorted(r.rcpt_tos[0] for r in smtp_server.received) == sorted(p.email for p in people)
    assert all(len(r.rcpt_tos) == 1 for r in smtp_server.received)
    rows = _rows()
    assert {row.state for row in rows} == {State.SENT}
    assert all(row.sent_at == movable_clock.now and row.attempts == 1 for row in rows)
    assert {r.message_id for r in smtp_server.received} == {row.message_id for row in rows}
    assert delivery.deliver().sent == 0  # nothing is sent twice
    assert len(smtp_server.received) == 3


def test_a_message_is_text_and_html_from_mail_from(app, org, smtp_server, movable_clock, queued):
    queued(1, movable_clock.now)
    delivery.deliver()
    (received,) = smtp_server.received
    assert received.mail_from == "no-reply@example.com"
    assert received.message["From"] == "Ambassador <no-reply@example.com>"
    assert received.message.get_content_type() == "multipart/alternative"
    assert "https://ambassador.test/auth/reset/abc" in received.part("plain")
    assert 'href="https://ambassador.test/auth/reset/abc"' in received.part("html")
    assert received.message["Auto-Submitted"] == "auto-generated"


def test_a_message_waits_for_its_time(app, org, smtp_server, movable_clock):
    person = make_person(org.stockholm)
    queue_reset(person, "later", movable_clock.now, send_after=movable_clock.now + timedelta(hours=2))
    db.session.commit()
    assert delivery.deliver().sent == 0
    movable_clock.advance(hours=2)
    assert delivery.deliver().sent == 1


def test_a_temporary_refusal_is_retried_after_1_2_4_minutes_and_fails_after_8_tries(
    app, org, smtp_server, movable_clock
):
    person = make_person(org.stockholm, email="busy@example.com")
    queue_reset(person, "busy", movable_clock.now)
    db.session.commit()
    smtp_server.handler.refuse["busy@example.com"] = "451 4.2.1 Mailbox busy, try later"
    waits = []
    for attempt in range(1, 8):
        assert delivery.deliver().retrying == 1
        (row,) = _rows()
        assert (row.state, row.attempts) == (State.QUEUED, attempt)
        assert "451" in row.last_error and "Mailbox busy" in row.last_error
        waits.append(row.next_try_at - movable_clock.now)
        movable_clock.advance(seconds=59)
        assert delivery.deliver() == delivery.Report()  # not due yet
        movable_clock.now = row.next_try_at
    assert waits == [timedelta(minutes=2**n) for n in range(7)]
    assert delivery.deliver().failed == 1
    (row,) = _rows()
    assert (row.state, row.attempts) == (State.FAILED, 8)
    assert smtp_server.received == []


def test_the_wait_doubles_up_to_six_hours():
    assert [delivery.retry_delay(n) for n in (1, 2, 3, 9, 10, 20)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=256),
        timedelta(hours=6),
        timedelta(hours=6),
    ]


def test_a_bad_address_fails_at_once_without_blocking_the_rest(app, org, smtp_server, movable_clock, queued):
    queued(2, movable_clock.now)
    bad = make_person(org.stockholm, email="nobody@example.com")
    queue_reset(bad, "bad", movable_clock.now)
    queued(2, movable_clock.now)
    smtp_server.handler.refuse["nobody@example.com"] = "550 5.1.1 No such user here"
    report = delivery.deliver()
    assert (report.sent, report.failed) == (4, 1)
    failed = [row for row in _rows() if row.state == State.FAILED]
    assert [row.to_address for row in failed] == ["nobody@example.com"]
    assert (
        failed[0].attempts == 1 and "550" in failed[0].last_error and "No such user" in failed[0].last_error
    )
    assert len(smtp_server.received) == 4


def test_the_server_stopping_mid_batch_loses_nothing_and_sends_nothing_twice(
    app, org, smtp_server, movable_clock, queued
):
    queued(12, movable_clock.now)

    class StopsAfterFive(SmtpSender):
        """Sends five messages, then the SMTP server goes away."""

        sent = 0

        def send(self, message, now):
            if self.sent == 5:
                smtp_server.stop()
            super().send(message, now)
            self.sent += 1

    sender = StopsAfterFive(SmtpSettings.from_config(app.config), app.config["MAIL_FROM"])
    report = delivery.deliver(sender=sender)
    assert (report.sent, report.retrying) == (5, 7)
    assert _states() == {State.SENT: 5, State.QUEUED: 7}
    waiting = [row for row in _rows() if row.state == State.QUEUED]
    assert all(
        row.last_error and row.next_try_at == movable_clock.now + timedelta(minutes=1) for row in waiting
    )

    movable_clock.advance(minutes=1)
    assert delivery.deliver().retrying == 7  # still down: connection refused, retried later
    assert "Cannot reach the SMTP server" in _rows()[-1].last_error

    smtp_server.start()
    movable_clock.advance(minutes=2)
    assert delivery.deliver().sent == 7
    assert _states() == {State.SENT: 12}
    ids = Counter(r.message_id for r in smtp_server.received)
    assert len(ids) == 12 and set(ids.values()) == {1}
    assert ids.keys() == {row.message_id for row in _rows()}


def _end_other_connections(keep: int) -> None:
    """What a PostgreSQL restart does to a worker: every other connection to the database is ended."""
    with db.engine.connect() as killer:
        killer.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), :keep)"
            ),
            {"keep": keep},
        )


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="ends PostgreSQL connections")
def test_a_database_restart_mid_batch_sends_nothing_twice(
    app, org, smtp_server, movable_clock, queued, monkeypatch
):
    queued(6, movable_clock.now)
    monkeypatch.setattr(delivery, "RECORD_WAITS", (0.05, 0.1))
    test_connection = db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
    db.session.commit()

    class RestartsAfterThree(SmtpSender):
        """The database goes away (every connection of the worker is ended) as the third message goes out."""

        sent = 0

        def send(self, message, now):
            super().send(message, now)
            self.sent += 1
            if self.sent == 3:
                _end_other_connections(keep=test_connection)

    sender = RestartsAfterThree(SmtpSettings.from_config(app.config), app.config["MAIL_FROM"])
    report = delivery.deliver(sender=sender)

    assert report.sent == 6
    assert _states() == {State.SENT: 6}
    movable_clock.advance(minutes=11)  # past any lease: nothing is claimed and sent again
    assert delivery.deliver().sent == 0
    ids = Counter(r.message_id for r in smtp_server.received)
    assert len(ids) == 6 and set(ids.values()) == {1}


def test_a_lease_left_by_a_dead_worker_is_claimed_again_once_it_expires(
    app, org, smtp_server, movable_clock, queued
):
    queued(3, movable_clock.now)
    claimed = _claim(movable_clock.now, "dead-worker")  # then the process died
    assert len(claimed) == 3 and _states() == {State.SENDING: 3}
    movable_clock.advance(minutes=9)
    assert delivery.deliver().sent == 0  # the lease still holds
    movable_clock.advance(minutes=1)
    assert delivery.deliver().sent == 3
    assert len(smtp_server.received) == 3
    assert all(row.attempts == 2 for row in _rows())  # the lost try counts


def test_a_late_worker_does_not_overwrite_a_message_claimed_again(
    app, org, smtp_server, movable_clock, queued
):
    queued(1, movable_clock.now)
    (message,) = _claim(movable_clock.now, "slow-worker")
    movable_clock.advance(minutes=10)
    assert delivery.deliver().sent == 1  # another worker takes the expired lease
    outcomes = delivery.Outcomes("slow-worker", delivery.Report())
    outcomes.failed(message, "451 late answer", movable_clock.now, permanent=False)
    outcomes.close()
    (row,) = _rows()
    assert row.state == State.SENT and row.last_error is None


def test_a_message_no_longer_wanted_is_dropped_with_the_reason(app, org, smtp_server, movable_clock, queued):
    people = queued(3, movable_clock.now)
    asked = []

    def still_wanted(messages, now):
        asked.append(sorted(m.person_id for m in messages))
        return {m.id: "Completed meanwhile" for m in messages if m.person_id == people[1].id}

    wanted.register(app, "password_reset", still_wanted)
    try:
        report = delivery.deliver()
    finally:
        app.extensions[wanted.EXTENSION].pop("password_reset")
    assert asked == [sorted(p.id for p in people)]  # one call for the batch
    assert (report.sent, report.dropped) == (2, 1)
    dropped = [row for row in _rows() if row.state == State.DROPPED]
    assert [(row.person_id, row.last_error) for row in dropped] == [(people[1].id, "Completed meanwhile")]
    assert people[1].email not in {r.rcpt_tos[0] for r in smtp_server.received}


def test_a_failing_check_holds_its_messages_back_for_a_retry(app, org, smtp_server, movable_clock, queued):
    queued(2, movable_clock.now)

    def broken(messages, now):
        raise RuntimeError("database hiccup")

    wanted.register(app, "password_reset", broken)
    try:
        report = delivery.deliver()
    finally:
        app.extensions[wanted.EXTENSION].pop("password_reset")
    assert (report.sent, report.retrying) == (0, 2)
    assert all("database hiccup" in row.last_error for row in _rows())
    assert smtp_server.received == []


def test_without_smtp_host_messages_are_marked_sent_and_not_emailed(app, org, movable_clock, queued, caplog):
    assert app.config["SMTP_HOST"] == ""
    queued(2, movable_clock.now)
    with caplog.at_level("INFO", logger="ambassador.mail.smtp"):
        assert delivery.deliver().sent == 2
    assert _states() == {State.SENT: 2}
    assert "https://ambassador.test/auth/reset/abc" in caplog.text


def test_a_batch_holds_at_most_100_and_one_run_sends_them_all(app, org, smtp_server, movable_clock, queued):
    queued(130, movable_clock.now)
    first = _claim(movable_clock.now, "w")
    assert len(first) == 100
    assert delivery.deliver(sender=None).sent == 30
    movable_clock.advance(minutes=10)
    assert delivery.deliver().sent == 100
    assert len(smtp_server.received) == 130
