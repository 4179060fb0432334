"""Benchmark: a roster import that creates N people, without and with their invitations.

Usage: .venv/bin/python benchmarks/invitations.py [--people 100000]
       [--database-url postgresql://postgres@127.0.0.1/ambassador_bench]
Each run starts from an empty database with 20 offices (half Swedish, half English); prints the
apply's time (writing the people, then queueing an invitation to each) and writes the figures to
docs/BENCHMARKS.md (the section for this database).
"""

import argparse
import logging
import sys
import tempfile
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from ambassador import create_app  # noqa: E402
from ambassador.clock import utcnow  # noqa: E402
from ambassador.db import db  # noqa: E402
from ambassador.mail.models import OutboxMessage  # noqa: E402
from ambassador.org.models import Office  # noqa: E402
from ambassador.roster.services import apply_import, plan_import  # noqa: E402
from benchmarks.foundation import _reset, _write, timed  # noqa: E402

OFFICES = 20


def _roster(people: int) -> bytes:
    """An HR export of `people` new people across the offices; the first is an administrator."""
    rows = ["email,name,office,role"]
    role = ["admin"] + [""] * (people - 1)
    rows += [f"p{n}@example.com,Person {n},Office {n % OFFICES},{role[n]}" for n in range(people)]
    return ("\n".join(rows) + "\n").encode()


def _run(url: str, people: int, invite: bool, figures: list) -> None:
    """Import `people` new people into an empty database, inviting them or not."""
    if url.startswith("postgresql"):
        _reset(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "AMBASSADOR_ENV": "development"})
    with app.app_context():
        upgrade()
        language = ("en", "sv")
        db.session.add_all(
            Office(name=f"Office {n}", country="SE", timezone="Europe/Stockholm", language=language[n % 2])
            for n in range(OFFICES)
        )
        db.session.commit()
        plan = plan_import(_roster(people), full=False, actor_id=None, languages=("en", "sv"))
        label = f"roster import apply creating {people:,} people, " + ("with" if invite else "without")
        with timed(f"{label} invitations", figures):
            apply_import(plan, actor=None, filename="bench.csv", now=utcnow(), invite=invite)
            db.session.commit()
        queued = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
        print(f"  {queued:,} invitations queued")
        db.engine.dispose()


def main() -> None:
    """Run the benchmark and record it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    logging.disable(logging.INFO)  # the migrations' chatter
    figures: list[tuple[str, str]] = []
    for invite in (False, True):
        url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
        _run(url, args.people, invite, figures)
    backend = "PostgreSQL" if (args.database_url or "").startswith("postgresql") else "SQLite"
    lines = [
        f"`benchmarks/invitations.py --people {args.people}` on {backend}, measured {utcnow():%Y-%m-%d} "
        "on the 2-core development machine (shared with other work, so figures vary by about a third). "
        "Each invitation is a reset link (token, hash, row) and an outbox row rendered once per language "
        "and filled per person (`mail.bulk.queue_many`); `queue`, one message at a time, costs about "
        "2 ms a message (the outbox benchmark), some 200 s for 100,000.",
        "",
        "| what | figure |",
        "| --- | --- |",
        *[f"| {label} | {figure} |" for label, figure in figures],
    ]
    _write(f"Invitations on {backend}", lines)
    print("Written to docs/BENCHMARKS.md")


if __name__ == "__main__":
    main()
