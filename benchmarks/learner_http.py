"""The learner's pages over real HTTP under gunicorn, beside a hello-world Flask app (a ratio).

Usage: .venv/bin/python benchmarks/learner_http.py [--employees 100000] [--offices 500]
       [--database-url postgresql://postgres@127.0.0.1/ambassador_bench] [--seconds 10]
Needs wrk (`apt-get install wrk`). Seeds the demo at scale, starts Ambassador and the hello-world app
under gunicorn (2 workers each, on loopback), signs in the demo employee, and loads each page with wrk
in turns with hello world, so both see the same noise on this shared machine. Prints requests a second
and the ratio to hello world, and writes them to docs/BENCHMARKS.md.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from flask_migrate import upgrade  # noqa: E402
from foundation import _analyzed, _progress, _reset, _write  # noqa: E402

from ambassador import create_app  # noqa: E402
from ambassador.clock import utcnow  # noqa: E402
from ambassador.db import db  # noqa: E402
from ambassador.demo.seed import DEMO_PASSWORD, seed  # noqa: E402
from ambassador.reports.snapshots import take  # noqa: E402

GUNICORN = str(Path(sys.executable).parent / "gunicorn")
APP_PORT, HELLO_PORT = 8751, 8752
TURNS = 3


def _serve(target: str, port: int, env: dict, *options: str) -> subprocess.Popen:
    """Start gunicorn with 2 workers on loopback (and any further options) and wait until it answers."""
    command = [GUNICORN, "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning", *options]
    command.append(target)
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
            return process
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn on port {port} did not start")


def _environment(url: str, port: int) -> dict:
    """The environment gunicorn runs Ambassador in: the benchmark's database, on loopback."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench",
        "BASE_URL": f"http://127.0.0.1:{port}",
        "AMBASSADOR_ENV": "development",
    }


def _sign_in(port: int, email: str) -> str:
    """Sign in through the real form; return the Cookie header that carries the session."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/auth/login")
    response = connection.getresponse()
    cookie = response.getheader("Set-Cookie").split(";")[0]
    token = re.search(
        r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', response.read().decode()
    ).group(1)
    body = urlencode({"email": email, "password": DEMO_PASSWORD, "csrf_token": token})
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    connection.request("POST", "/auth/login", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    assert response.status == 302, f"sign-in failed: {response.status}"
    # Every cookie the sign-in sets (the session and the device), as a browser sends them back.
    return "; ".join(header.split(";")[0] for header in response.headers.get_all("Set-Cookie"))


def _expect_page(page: str, cookie: str) -> None:
    """Stop unless the page answers 200 to the signed-in person (wrk takes a redirect for success)."""
    connection = http.client.HTTPConnection("127.0.0.1", APP_PORT)
    connection.request("GET", page, headers={"Cookie": cookie})
    status = connection.getresponse().status
    connection.close()
    if status != 200:
        raise SystemExit(f"{page} answered {status}, not the page")


def _wrk(url: str, seconds: int, cookie: str = "") -> float:
    """Requests a second that wrk measured for `url` (2 threads, 8 connections)."""
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"{url} answered errors:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def _seed(url: str, employees: int, offices: int) -> None:
    """Migrate and load the demo at scale."""
    if url.startswith("postgresql"):
        _reset(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "AMBASSADOR_ENV": "development"})
    with app.app_context():
        upgrade()
        print(f"… demo seed: {employees:,} people in {offices} offices", flush=True)
        seed(employees, offices, utcnow(), progress=_progress(employees))
        db.session.commit()
        _analyzed()
        print("… the first coverage snapshot (the scheduler takes one when it starts)", flush=True)
        take(utcnow())
        db.session.commit()
        db.engine.dispose()


def _measure(pages: list[str], cookie: str, seconds: int) -> dict[str, list[float]]:
    """Each page and hello world in turns; every rate of every turn."""
    rates: dict[str, list[float]] = {"hello world": []}
    for turn in range(1, TURNS + 1):
        rates["hello world"].append(_wrk(f"http://127.0.0.1:{HELLO_PORT}/", seconds))
        for page in pages:
            rates.setdefault(page, []).append(_wrk(f"http://127.0.0.1:{APP_PORT}{page}", seconds, cookie))
        print(f"  turn {turn}: " + ", ".join(f"{k} {v[-1]:.0f}/s" for k, v in rates.items()), flush=True)
    return rates


def main() -> None:
    """Run the benchmark and record it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--offices", type=int, default=500)
    parser.add_argument("--database-url")
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    tmp = tempfile.mkdtemp()
    url = args.database_url or f"sqlite:///{tmp}/bench.sqlite"
    _seed(url, args.employees, args.offices)
    env = _environment(url, APP_PORT)
    servers = [_serve("wsgi:app", APP_PORT, env), _serve("benchmarks.hello:app", HELLO_PORT, env)]
    try:
        cookie = _sign_in(APP_PORT, "employee@example.com")
        pages = ["/training", "/training/1?continue=1"]
        for page in pages:
            _expect_page(page, cookie)
        rates = _measure(pages, cookie, args.seconds)
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
    _report(rates, url, args)


def _label(page: str) -> str:
    """A page's name in the table."""
    return f"GET {page}" if page.startswith("/") else page


def _report(rates: dict[str, list[float]], url: str, args) -> None:
    """Print the medians and their ratio to hello world; write them to docs/BENCHMARKS.md."""
    median = {page: sorted(values)[len(values) // 2] for page, values in rates.items()}
    hello = median["hello world"]
    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    lines = [
        f"`benchmarks/learner_http.py --employees {args.employees} --offices {args.offices}` on {backend}, "
        f"measured {utcnow():%Y-%m-%d} on the 2-core development machine: gunicorn with 2 workers on "
        f"loopback, wrk with 2 threads and 8 connections for {args.seconds} s, {TURNS} turns alternating "
        "with a hello-world Flask app under the same gunicorn; medians. The goal is at least 15 % of hello "
        "world for My training and a module page.",
        "",
        "| page | requests a second | share of hello world |",
        "| --- | --- | --- |",
        *[
            f"| {'GET ' + page if page.startswith('/') else page} | {rate:,.0f} | {rate / hello:.0%} |"
            for page, rate in median.items()
        ],
    ]
    for line in lines[4:]:
        print(line)
    _write(f"Learner pages over HTTP on {backend}", lines)


if __name__ == "__main__":
    main()
