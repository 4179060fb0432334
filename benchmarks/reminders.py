"""Benchmark: planning a Monday morning's refresher reminders, and delivering them, at scale.

Usage: .venv/bin/python benchmarks/reminders.py [--employees 10000 100000] [--offices 500]
       [--database-url postgresql://postgres@127.0.0.1/ambassador_bench] [--deliver 2000]
For each size, on a fresh database: the demo seed (offices in 16 time zones, ambassadors) with 17
more published modules (20 in all: everyone, some countries, some offices, the ambassadors) and a
realistic history (some current, some in the refresher window, some lapsed, some never done);
every plan started 90 days ago, and the outbox and the marks as Friday's planning left them.
Then, at Monday 10:00 UTC (09:00 has come in Europe, Africa and Asia, not in the Americas), it times
`planning.due_now` and `sending.queue_due` plus commit, then both again in the same hour (nothing
new to queue), each right after a baseline in the same process: the status counts of the 20
modules in SQL, over the same tables. Last, it delivers `--deliver` of the queued reminders to
aiosmtpd on one worker, beside the same messages sent by the bare SMTP sender with no database.
Prints each figure and writes them to docs/BENCHMARKS.md (the section for this database).
Goals: planning under 10 s at 100,000 people; delivery at least 200 messages a second.
"""

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from ambassador import clock, create_app  # noqa: E402
from ambassador.completions.models import Completion  # noqa: E402
from ambassador.completions.queries import status_counts  # noqa: E402
from ambassador.completions.status import Status  # noqa: E402
from ambassador.db import db  # noqa: E402
from ambassador.mail import delivery  # noqa: E402
from ambassador.mail.models import OutboxMessage, Outgoing, State  # noqa: E402
from ambassador.org.models import Person  # noqa: E402
from ambassador.reminders import planning, sending  # noqa: E402
from ambassador.reminders.models import PLAN_DEFAULTS, ReminderPlan  # noqa: E402
from ambassador.training.models import Module  # noqa: E402
from benchmarks.foundation import _analyzed, _progress, _reset, _write  # noqa: E402
from benchmarks.organisation import MODULES, build  # noqa: E402
from benchmarks.outbox import _free_port, _start_smtp  # noqa: E402

BATCH = 5000


def _monday_morning() -> datetime:
    """The latest Monday, 10:00 UTC: 09:00 has come in Europe, Africa and Asia, not in the Americas."""
    today = datetime.now(UTC).replace(hour=10, minute=0, second=0, microsecond=0)
    return today - timedelta(days=today.weekday() or 7)


def _tally():
    """A progress printer for work of unknown size: rows so far, on one line."""
    done = [0]

    def advance(n: int) -> None:
        done[0] += n
        print(f"\r  {done[0]:,} rows", end="", flush=True)

    return advance


def _build(employees: int, offices: int, now: datetime) -> dict:
    """The organisation, 20 modules with their history and plans, on an empty database."""
    print(f"… demo seed: {employees:,} people in {offices} offices, {MODULES} modules, history", flush=True)
    counts, extra = build(employees, offices, now, _tally())
    print(flush=True)
    db.session.add_all(ReminderPlan(module=module, **PLAN_DEFAULTS) for module in extra)
    db.session.flush()
    db.session.execute(sa.update(ReminderPlan).values(starts_at=now - timedelta(days=90)))
    # History earned in the app over the years (the seed dates every row today, as if imported now),
    # by people on the roster since before the plans started (reminders apply from when one joined).
    db.session.execute(sa.update(Completion).values(created_at=Completion.completed_at))
    db.session.execute(sa.update(Person).values(created_at=now - timedelta(days=365)))
    # Addresses the SMTP server takes (the demo's "garcía" needs SMTPUTF8, which aiosmtpd's sink lacks).
    db.session.execute(sa.update(Person).values(email="p" + sa.cast(Person.id, sa.String) + "@example.com"))
    db.session.commit()
    return counts


def _fridays_outbox(now: datetime) -> int:
    """The outbox and the marks as last Friday's planning left them: every reminder due then, already sent.

    Reminders go only in each office's office hours, so Friday's runs at 00:30, 08:30, 17:30 and
    21:30 UTC (morning somewhere in every zone of the demo) together queued them all.
    """
    friday = now - timedelta(days=3)
    by_key = {}
    for hour in (0.5, 8.5, 17.5, 21.5):
        moment = friday.replace(hour=0, minute=0) + timedelta(hours=hour)
        by_key.update((reminder.key, reminder) for reminder in planning.due_now(moment))
    planned = list(by_key.values())
    planning.remember(planned)  # the marks the runs left with what they queued
    emails = dict(db.session.execute(sa.select(Person.id, Person.email)).all())
    advance = _progress(len(planned))
    for start in range(0, len(planned), BATCH):
        rows = [
            {
                "key": reminder.key,
                "kind": sending.KIND,
                "state": State.SENT,
                "person_id": reminder.person_id,
                "to_address": emails[reminder.person_id],
                "to_name": "",
                "language": "en",
                "subject": "Reminder",
                "text_body": "",
                "message_id": f"<bench-{start + n}@example.com>",
                "attempts": 1,
                "next_try_at": reminder.send_at,
                "sent_at": reminder.send_at,
                "created_at": friday,
            }
            for n, reminder in enumerate(planned[start : start + BATCH])
        ]
        db.session.execute(sa.insert(OutboxMessage), rows)
        advance(len(rows))
    db.session.commit()
    return len(planned)


def _seconds(work) -> tuple[float, object]:
    """How long `work()` took, and what it returned."""
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def _baseline(now: datetime) -> tuple[float, Counter]:
    """The status counts of every published module in SQL: the same tables, no Python per person."""
    modules = db.session.scalars(sa.select(Module).where(Module.published.is_(True))).all()
    seconds, counts = _seconds(lambda: [status_counts(module, now) for module in modules])
    db.session.rollback()
    return seconds, sum((Counter(c) for c in counts), Counter())


def _plan_and_queue(now: datetime) -> dict:
    """Time due_now, then queue_due plus commit, at `now`; each right after the baseline."""
    db.session.expunge_all()
    plan_base, _ = _baseline(now)
    plan_s, planned = _seconds(lambda: planning.due_now(now))
    db.session.rollback()
    db.session.expunge_all()
    queue_base, _ = _baseline(now)

    def queue_and_commit():
        new = sending.queue_due(now)
        db.session.commit()
        return new

    queue_s, new = _seconds(queue_and_commit)
    print(
        f"  due_now: {len(planned):,} due in {plan_s:.2f} s (baseline {plan_base:.2f} s); "
        f"queue_due: {new:,} new in {queue_s:.2f} s (baseline {queue_base:.2f} s)",
        flush=True,
    )
    return {
        "planned": len(planned),
        "plan_s": plan_s,
        "plan_base": plan_base,
        "new": new,
        "queue_s": queue_s,
        "queue_base": queue_base,
    }


def _outgoing(limit: int) -> list[Outgoing]:
    """Copies of the first `limit` queued reminders, as a worker would claim them."""
    columns = [getattr(OutboxMessage, name) for name in Outgoing.__dataclass_fields__]
    query = sa.select(*columns).where(OutboxMessage.state == State.QUEUED).order_by(OutboxMessage.id)
    return [Outgoing(**row._asdict()) for row in db.session.execute(query.limit(limit))]


def _deliver(app, now: datetime, count: int) -> dict:
    """Deliver `count` queued reminders on one worker; beside it, the bare sender on the same messages."""
    messages = _outgoing(count)
    db.session.rollback()
    sender = delivery.sender_for(app.config)
    bare_s, _ = _seconds(lambda: [sender.send(message, now) for message in messages])
    sender.close()
    started = time.perf_counter()
    clock.set_clock(lambda: now + timedelta(seconds=time.perf_counter() - started))
    batches = count // delivery.BATCH_SIZE
    stop = iter(range(batches - 1, -1, -1))  # deliver() asks after each batch
    db.session.remove()  # a worker starts with an empty session
    load = os.getloadavg()[0]
    seconds, report = _seconds(lambda: delivery.deliver(stop=lambda: next(stop) == 0))
    clock.set_clock(None)
    done = report.sent + report.dropped
    print(f"  delivered {report} in {seconds:.2f} s; the bare sender: {len(messages)} in {bare_s:.2f} s")
    return {"count": done, "seconds": seconds, "report": report, "bare": len(messages) / bare_s, "load": load}


def _run(url: str, employees: int, offices: int, deliver: int) -> dict:
    """Build one size on a fresh database and measure it."""
    if url.startswith("postgresql"):
        _reset(url)
    port = _free_port()
    config = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "AMBASSADOR_ENV": "development"}
    app = create_app({**config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port})
    now = _monday_morning()
    server = _start_smtp(port)
    try:
        with app.app_context():
            upgrade()
            figures = {"counts": _build(employees, offices, now)}
            print(f"  {figures['counts']}", flush=True)
            print("… the outbox as Friday's planning left it", flush=True)
            figures["friday"] = _fridays_outbox(now)
            _analyzed()
            _, figures["statuses"] = _baseline(now)  # warms the caches as a real morning's run finds them
            print(f"… Monday {now:%Y-%m-%d %H:%M} UTC: plan and queue", flush=True)
            figures["first"] = _plan_and_queue(now)
            print("… the same hour again", flush=True)
            figures["again"] = _plan_and_queue(now + timedelta(minutes=30))
            print(f"… deliver {deliver:,} reminders to aiosmtpd on one worker", flush=True)
            figures["delivery"] = _deliver(app, now + timedelta(minutes=1), deliver)
            db.engine.dispose()
    finally:
        server.terminate()
        server.wait()
    return figures


def _cells(f: dict) -> dict[str, str]:
    """One size's figures, by row label."""
    statuses = f["statuses"]
    spread = (Status.CURRENT, Status.REFRESHER_OPEN, Status.OVERDUE, Status.TO_DO)
    bases = [f[run][base] for run in ("first", "again") for base in ("plan_base", "queue_base")]
    sent = f["delivery"]
    rate = sent["count"] / sent["seconds"]
    cells = {
        "required (person, module): current, refresher open, overdue, to do": ", ".join(
            f"{statuses[status]:,}" for status in spread
        ),
        "outbox before Monday: Friday's reminders, sent": f"{f['friday']:,}",
        f"baseline: status counts of {MODULES} modules in SQL, before each run": (
            f"{min(bases):.2f}–{max(bases):.2f} s"
        ),
    }
    for key, when in (("first", "Monday 10:00 UTC"), ("again", "same hour again")):
        run = f[key]
        ratio = run["plan_s"] / run["plan_base"]
        cells[f"{when}: `due_now` (× baseline)"] = (
            f"{run['plan_s']:.2f} s ({ratio:.1f}×), {run['planned']:,} due, not yet queued"
        )
        cells[f"{when}: `queue_due` + commit (× baseline)"] = (
            f"{run['queue_s']:.2f} s ({run['queue_s'] / run['queue_base']:.1f}×), {run['new']:,} new"
        )
    cells["deliver reminders: one worker, one SMTP connection"] = (
        f"{sent['count']:,} in {sent['seconds']:.2f} s: {rate:,.0f} a second"
    )
    cells["the bare SMTP sender, same messages, no database (share)"] = (
        f"{sent['bare']:,.0f} a second ({rate / sent['bare']:.0%})"
    )
    return cells


def _rows(results: dict[int, dict]) -> list[str]:
    """The table: one row a figure, one column a size."""
    columns = [_cells(figures) for figures in results.values()]
    return [
        "| what | " + " | ".join(f"{size:,} people" for size in results) + " |",
        "| --- |" + " --- |" * len(results),
        *[f"| {label} | " + " | ".join(c[label] for c in columns) + " |" for label in columns[0]],
    ]


def main() -> None:
    """Run the benchmark at each size and record it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--offices", type=int, default=500)
    parser.add_argument("--deliver", type=int, default=2000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    results = {}
    for employees in args.employees:
        url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
        print(f"=== {employees:,} people", flush=True)
        results[employees] = _run(url, employees, args.offices, args.deliver)
    backend = "PostgreSQL" if (args.database_url or "").startswith("postgresql") else "SQLite"
    load = max(f["delivery"]["load"] for f in results.values())
    sizes = " ".join(map(str, args.employees))
    lines = [
        f"`benchmarks/reminders.py --employees {sizes} --offices {args.offices}` on {backend}, measured "
        f"{datetime.now(UTC):%Y-%m-%d} on the 2-core development machine. {MODULES} published modules "
        "(everyone, some countries, some offices, the ambassadors), offices in 16 time zones, plans started "
        "90 days ago, Friday's reminders sent; planned at Monday 10:00 UTC. The baseline runs right before "
        "each timing, and the ratio to it is the figure to compare between runs: the machine is shared (load "
        f"average up to {load:.1f}). Goals: planning under 10 s at 100,000 people; delivery at least 200 "
        "messages a second.",
        "",
        *_rows(results),
    ]
    for line in lines[2:]:
        print(line)
    _write(f"Reminders on {backend}", lines)
    print("Written to docs/BENCHMARKS.md")


if __name__ == "__main__":
    main()
