"""Benchmark at scale: demo seed (with training history), roster import, status in SQL, and pages.

Usage: .venv/bin/python benchmarks/foundation.py [--employees 100000] [--offices 500]
       [--database-url postgresql://postgres@127.0.0.1/ambassador_bench]
Prints each figure and writes them to docs/BENCHMARKS.md (the section for this database).
"""

import argparse
import csv
import io
import re
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from ambassador import create_app  # noqa: E402
from ambassador.clock import utcnow  # noqa: E402
from ambassador.completions.queries import status_counts  # noqa: E402
from ambassador.db import db  # noqa: E402
from ambassador.demo.seed import DEMO_PASSWORD, seed  # noqa: E402
from ambassador.org.models import Office, Person  # noqa: E402
from ambassador.roster.services import apply_import, plan_import  # noqa: E402
from ambassador.training.models import Module  # noqa: E402

RESULTS = ROOT / "docs" / "BENCHMARKS.md"


@contextmanager
def timed(label: str, figures: list):
    """Time a block, print it and keep it."""
    print(f"… {label}", flush=True)
    start = time.perf_counter()
    yield
    seconds = time.perf_counter() - start
    figures.append((label, f"{seconds:.2f} s"))
    print(f"  {label}: {seconds:.2f} s", flush=True)


class Counter:
    """Counts SQL statements."""

    def __init__(self):
        self.n = 0

    def __call__(self, *args):
        self.n += 1


def _reset(url: str) -> None:
    """Drop every table of a PostgreSQL benchmark database."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    existing = sa.MetaData()
    existing.reflect(engine)
    existing.drop_all(engine)
    engine.dispose()


def _analyzed() -> None:
    """On PostgreSQL, gather the planner's statistics after a bulk load, as autovacuum would (this
    machine's server runs without it): a plan made without them read a whole table for one person."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()


def _progress(total: int):
    """A progress printer for `seed` and the import."""
    done = [0]

    def advance(n: int) -> None:
        done[0] += n
        print(f"\r  {done[0]:,}/{total:,}", end="", flush=True)
        if done[0] >= total:
            print(flush=True)

    return advance


def _roster_csv(changed_every: int) -> bytes:
    """The whole roster as an HR export, with one name in `changed_every` changed."""
    rows = db.session.execute(
        sa.select(Person.email, Person.name, Office.name, Person.role, Person.employee_id).join(Office)
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["email", "name", "office", "role", "employee id"])
    for n, (email, name, office, role, employee_id) in enumerate(rows):
        writer.writerow([email, name + (" Jr" if n % changed_every == 0 else ""), office, role, employee_id])
    return out.getvalue().encode()


def _signed_in(app, email: str):
    """A test client signed in as `email`."""
    client = app.test_client()
    login = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    client.post("/auth/login", data={"email": email, "password": DEMO_PASSWORD, "csrf_token": token})
    return client


def _status_counts(figures: list) -> None:
    """Everyone's status for every module, counted in SQL from the standing table."""
    now = utcnow()
    modules = db.session.scalars(sa.select(Module).where(Module.published.is_(True))).all()
    start = time.perf_counter()
    for module in modules:
        counts = status_counts(module, now)
        print(f"  module {module.id}: {counts}", flush=True)
    seconds = time.perf_counter() - start
    figures.append((f"status of every person for {len(modules)} modules, counted in SQL", f"{seconds:.2f} s"))
    print(f"  status counts: {seconds:.2f} s", flush=True)


def _pages(app, figures: list) -> None:
    """Time each page over 20 requests and count its SQL statements."""
    _time_pages(
        app, figures, "employee@example.com", ["/training", "/training/1?continue=1", "/training/history"]
    )
    with app.app_context():
        largest = db.session.scalar(
            sa.select(Person.office_id).group_by(Person.office_id).order_by(sa.func.count().desc()).limit(1)
        )
    _time_pages(
        app,
        figures,
        "admin@example.com",
        [
            "/offices",
            "/offices?without_ambassador=1",
            f"/offices/{largest}",
            f"/offices/{largest}?page=40",
            "/admin/people",
            "/admin/people?q=nilsson",
            "/admin/people?status=inactive",
            "/admin/offices",
            "/authoring/1/passes",
        ],
    )


def _time_pages(app, figures: list, email: str, pages: list[str]) -> None:
    """Time each page for one signed-in person."""
    client = _signed_in(app, email)
    with app.app_context():
        engine = db.engine
    for url in pages:
        counter = Counter()
        sa.event.listen(engine, "before_cursor_execute", counter)
        assert client.get(url).status_code == 200, url
        sa.event.remove(engine, "before_cursor_execute", counter)
        start = time.perf_counter()
        for _ in range(20):
            client.get(url)
        mean_ms = (time.perf_counter() - start) / 20 * 1000
        figures.append((f"GET {url}", f"{mean_ms:.0f} ms, {counter.n} statements"))
        print(f"  GET {url}: {mean_ms:.0f} ms mean of 20, {counter.n} statements", flush=True)


def _write(section: str, lines: list[str]) -> None:
    """Replace this database's section in docs/BENCHMARKS.md; a new one goes before the notes."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"\n## {re.escape(section)}\n.*?(?=\n## |\Z)", re.S)
    block = f"\n## {section}\n\n" + "\n".join(lines) + "\n"
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text)
    elif "\n## Notes\n" in text:
        text = text.replace("\n## Notes\n", block + "\n## Notes\n", 1)
    else:
        text = text.rstrip("\n") + "\n" + block
    RESULTS.write_text(text)


def main() -> None:
    """Run the benchmark and record it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--offices", type=int, default=500)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp()
    url = args.database_url or f"sqlite:///{tmp}/bench.sqlite"
    if url.startswith("postgresql"):
        _reset(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "AMBASSADOR_ENV": "development"})
    figures: list[tuple[str, str]] = []
    with app.app_context():
        upgrade()
        with timed(f"demo seed: {args.employees:,} people in {args.offices} offices, with training", figures):
            counts = seed(args.employees, args.offices, utcnow(), progress=_progress(args.employees))
            db.session.commit()
        print(f"  {counts}")
        _status_counts(figures)
        data = _roster_csv(changed_every=100)
        with timed(f"roster import preview (plan) of {args.employees:,} rows", figures):
            plan = plan_import(data, full=True, actor_id=None, languages=("en", "sv"))
        print(f"  {len(plan.updates):,} updates, {plan.unchanged:,} unchanged, {len(plan.errors)} errors")
        with timed(f"roster import apply ({len(plan.updates):,} updates)", figures):
            apply_import(
                plan, actor=None, filename="bench.csv", now=utcnow(), progress=_progress(plan.writes)
            )
            db.session.commit()
    print("… pages (admin, 20 requests each)")
    _pages(app, figures)
    with app.app_context():
        db.engine.dispose()

    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    lines = [
        f"`benchmarks/foundation.py --employees {args.employees} --offices {args.offices}` on {backend}, "
        f"measured {utcnow():%Y-%m-%d} on the 2-core development machine, through the Flask test client "
        "(no network, one process).",
        "",
        "| what | figure |",
        "| --- | --- |",
        *[f"| {label} | {figure} |" for label, figure in figures],
    ]
    _write(f"Foundation on {backend}", lines)
    print(f"Written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
