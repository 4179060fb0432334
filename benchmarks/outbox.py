"""Benchmark: outbox delivery throughput to a local SMTP server, on one worker.

Usage: .venv/bin/python benchmarks/outbox.py [--messages 2000]
       [--database-url postgresql://postgres@127.0.0.1/ambassador_bench]
Queues the messages (rendered, one per person), starts aiosmtpd in its own process on 127.0.0.1
(it accepts and discards), and times one `deliver()` run. Prints each figure and writes them to
docs/BENCHMARKS.md (the section for this database). Goal: at least 200 messages a second, because
one SMTP connection is reused for every message.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from ambassador import create_app  # noqa: E402
from ambassador.clock import utcnow  # noqa: E402
from ambassador.db import db  # noqa: E402
from ambassador.mail import delivery  # noqa: E402
from ambassador.mail.models import OutboxMessage, State  # noqa: E402
from ambassador.mail.services import queue  # noqa: E402
from ambassador.org.models import Office, Person  # noqa: E402
from benchmarks.foundation import _reset, _write  # noqa: E402


def _free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_smtp(port: int) -> subprocess.Popen:
    """aiosmtpd in its own process (so it does not share this one's CPU time), discarding mail."""
    command = [
        sys.executable,
        "-m",
        "aiosmtpd",
        "-n",
        "-c",
        "aiosmtpd.handlers.Sink",
        "-l",
        f"127.0.0.1:{port}",
    ]
    server = subprocess.Popen(command)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise SystemExit("aiosmtpd did not start")


def _people(count: int) -> list[Person]:
    """`count` people in one office, half of them Swedish."""
    now = utcnow()
    office = Office(name="Bench", country="SE", timezone="Europe/Stockholm", language="sv", created_at=now)
    db.session.add(office)
    db.session.flush()
    rows = [
        {
            "email": f"p{n}@example.com",
            "name": f"Person {n}",
            "office_id": office.id,
            "role": "employee",
            "language": "en" if n % 2 else None,
            "active": True,
            "created_at": now,
        }
        for n in range(count)
    ]
    db.session.execute(sa.insert(Person), rows)
    return list(db.session.scalars(sa.select(Person)))


def _queue_all(people: list[Person]) -> float:
    """Queue a reset email to each person in one transaction; the seconds it took."""
    now = utcnow()
    started = time.perf_counter()
    for person in people:
        context = {"link": f"https://ambassador.example.com/auth/reset/{person.id}", "minutes": 60}
        queue(person, "password_reset", "password_reset", key=f"bench:{person.id}", now=now, context=context)
    db.session.commit()
    return time.perf_counter() - started


def main() -> None:
    """Run the benchmark and record it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--database-url")
    # `make bench` hands every benchmark the same BENCH_ARGS; the organisation's size is not this one's.
    parser.add_argument("--employees", type=int, nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--offices", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    if url.startswith("postgresql"):
        _reset(url)
    port = _free_port()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "AMBASSADOR_ENV": "development",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": port,
        }
    )
    server = _start_smtp(port)
    try:
        with app.app_context():
            upgrade()
            people = _people(args.messages)
            queued = _queue_all(people)
            print(f"queued {args.messages:,} messages in {queued:.2f} s", flush=True)
            db.session.remove()  # a worker starts with an empty session
            load = os.getloadavg()[0]
            started = time.perf_counter()
            report = delivery.deliver()
            seconds = time.perf_counter() - started
            sent = db.session.scalar(sa.select(sa.func.count()).where(OutboxMessage.state == State.SENT))
            assert report.sent == sent == args.messages, (report, sent)
            db.engine.dispose()
    finally:
        server.terminate()
        server.wait()
    rate = args.messages / seconds
    print(f"delivered {args.messages:,} in {seconds:.2f} s: {rate:,.0f} messages a second (goal: 200)")
    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    _write(
        f"Outbox delivery on {backend}",
        [
            f"`benchmarks/outbox.py --messages {args.messages}` on {backend}, measured {utcnow():%Y-%m-%d} "
            "on the 2-core development machine: one worker (`deliver()`), one reused SMTP connection "
            "to aiosmtpd in its own process on 127.0.0.1, discarding what it receives. The machine is "
            f"shared: its load average was {load:.1f} when delivery started.",
            "",
            "| what | figure |",
            "| --- | --- |",
            f"| queue {args.messages:,} messages (rendered in en and sv, one transaction) | {queued:.2f} s |",
            f"| deliver {args.messages:,} messages, one worker | {seconds:.2f} s |",
            f"| delivery throughput (goal: at least 200 a second) | {rate:,.0f} messages a second |",
        ],
    )
    print("Written to docs/BENCHMARKS.md")


if __name__ == "__main__":
    main()
