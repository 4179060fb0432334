"""Workers, commands and jobs: two workers at once still send each message once."""

import threading
from collections import Counter
from datetime import timedelta

import sqlalchemy as sa

from ambassador.db import db
from ambassador.mail import cli, delivery
from ambassador.mail.models import OutboxMessage, State
from tests.factories import make_person
from tests.mail.conftest import queue_reset


def _states() -> Counter:
    db.session.expire_all()
    return Counter(db.session.scalars(sa.select(OutboxMessage.state)))


def _run_workers(app, count: int) -> list[delivery.Report]:
    """Run `count` delivery workers at once, each in its own thread, app context and connection."""
    barrier = threading.Barrier(count, timeout=30)
    reports: list[delivery.Report] = []
    errors: list[BaseException] = []

    def worker() -> None:
        with app.app_context():
            try:
                barrier.wait()
                reports.append(delivery.deliver(batch_size=10))
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return reports


def test_two_workers_at_once_send_each_message_once(app, org, smtp_server, movable_clock, queued):
    """PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: BEGIN IMMEDIATE. Small batches, so they interleave."""
    queued(120, movable_clock.now)
    reports = _run_workers(app, 2)
    assert sum(report.sent for report in reports) == 120
    received = Counter(r.message_id for r in smtp_server.received)
    assert len(received) == 120 and set(received.values()) == {1}
    assert _states() == {State.SENT: 120}


def test_deliver_command_sends_once(app, org, smtp_server, movable_clock, queued):
    queued(2, movable_clock.now)
    result = app.test_cli_runner().invoke(args=["outbox", "deliver"])
    assert result.exit_code == 0, result.output
    assert "2 sent, 0 to retry, 0 failed, 0 dropped" in result.output
    assert len(smtp_server.received) == 2


def test_retry_now_sends_what_waits_for_a_retry(app, org, smtp_server, movable_clock):
    person = make_person(org.stockholm, email="later@example.com")
    queue_reset(person, "k", movable_clock.now)
    queue_reset(org.employee, "future", movable_clock.now, send_after=movable_clock.now + timedelta(days=1))
    db.session.commit()
    smtp_server.handler.refuse["later@example.com"] = "451 4.3.0 Try again later"
    assert delivery.deliver().retrying == 1
    del smtp_server.handler.refuse["later@example.com"]
    runner = app.test_cli_runner()
    assert "0 sent" in runner.invoke(args=["outbox", "deliver"]).output  # waits a minute
    result = runner.invoke(args=["outbox", "deliver", "--retry-now"])
    assert result.exit_code == 0, result.output
    assert "1 waiting for a retry are due now" in result.output and "1 sent" in result.output
    assert [r.rcpt_tos for r in smtp_server.received] == [["later@example.com"]]  # not the future one


def test_the_worker_loop_delivers_until_stopped(app, org, smtp_server, movable_clock, queued, monkeypatch):
    queued(3, movable_clock.now)
    naps = []

    def nap(seconds):
        naps.append(seconds)
        if len(naps) == 3:
            raise KeyboardInterrupt  # Ctrl+C while waiting for the next run

    monkeypatch.setattr(cli.time, "sleep", nap)
    monkeypatch.setattr(cli.signal, "signal", lambda *args: None)
    result = app.test_cli_runner().invoke(args=["outbox", "deliver", "--loop", "--interval", "1"])
    assert result.exit_code == 0, result.output
    assert "3 sent" in result.output and result.output.rstrip().endswith("Stopped.")
    assert len(smtp_server.received) == 3


def test_the_worker_survives_a_failed_run(app, org, monkeypatch, caplog):
    runs = []

    def failing(**kwargs):
        runs.append(1)
        raise RuntimeError("database went away")

    stop = cli._Stop()
    monkeypatch.setattr(cli.delivery, "deliver", failing)
    with caplog.at_level("ERROR"):
        cli._deliver_once(stop)
    assert runs == [1] and "delivery failed" in caplog.text


def test_sigterm_stops_the_worker_after_its_batch(app, org, smtp_server, movable_clock, queued):
    queued(25, movable_clock.now)
    stop = cli._Stop()
    sent = []

    def count_and_stop():
        sent.append(1)
        stop()  # SIGTERM arrives during the first batch
        return stop.requested

    report = delivery.deliver(batch_size=10, stop=count_and_stop)
    assert report.sent == 10 and len(sent) == 1
    assert _states() == {State.SENT: 10, State.QUEUED: 15}


def test_the_purge_job_deletes_sent_and_dropped_mail_after_90_days(app, org, movable_clock):
    now = movable_clock.now
    for key, state, sent_days_ago in [
        ("old-sent", State.SENT, 91),
        ("new-sent", State.SENT, 89),
        ("old-dropped", State.DROPPED, None),
        ("old-failed", State.FAILED, None),
        ("old-queued", State.QUEUED, None),
    ]:
        message = queue_reset(org.employee, key, now - timedelta(days=100))
        message.state = state
        message.sent_at = now - timedelta(days=sent_days_ago) if sent_days_ago else None
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["scheduler", "run-once"])
    assert result.exit_code == 0 and "purge_outbox: done" in result.output
    db.session.expire_all()
    left = set(db.session.scalars(sa.select(OutboxMessage.key).where(OutboxMessage.kind == "password_reset")))
    assert left == {"new-sent", "old-failed", "old-queued"}
