"""Proof under load and faults: nothing confirmed is lost, nothing is doubled, no 500, quick recovery.

Usage: .venv/bin/python benchmarks/reliability.py [--people 10000] [--employees 200] [--seconds 180]
       [--database-url postgresql://postgres@127.0.0.1:5432/ambassador_reliability]

On this machine and on loopback only. It restarts the local PostgreSQL cluster (pg_ctlcluster, as root
or postgres), so nothing else may be using it meanwhile. It runs, against one PostgreSQL database
seeded with the demo at `--people`:
- two gunicorn instances (2 workers each, on two ports, as two hosts behind a load balancer would be),
  with production settings;
- one `flask scheduler run` and one `flask outbox deliver --loop`, sending to a real SMTP server
  (aiosmtpd, in this process, counting each Message-ID it receives);
- `--employees` simulated employees for `--seconds`: each signs in, reads My training and a module,
  takes its quiz (answering right most of the time) and reads the result, thinking 2–6 s between
  pages, each request to either instance at random (a session started on one continues on the other);
  a request that finds its instance down goes to the other one, as a load balancer would send it;
  a 503 is waited out and tried again;
- during the run: instance A killed (SIGKILL) and started again, PostgreSQL stopped for 5 s and
  started again, the SMTP server stopped for a minute.
Afterwards it lets the outbox drain (`flask outbox deliver --retry-now`, as the operator would once the
mail server is back) and checks in the database that every try an employee saw confirmed is there, no
completion is doubled, every message in the outbox was received exactly once, and every reminder due
was queued and delivered. It prints and writes the figures to docs/RELIABILITY.md.
"""

import argparse
import html
import itertools
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from ambassador import create_app  # noqa: E402
from ambassador.clock import utcnow, zone  # noqa: E402
from ambassador.completions.models import Completion  # noqa: E402
from ambassador.db import db  # noqa: E402
from ambassador.demo.seed import seed  # noqa: E402
from ambassador.learning.models import Attempt  # noqa: E402
from ambassador.mail.models import OutboxMessage, State  # noqa: E402
from ambassador.org.models import Office, Person, Role  # noqa: E402
from ambassador.reminders import planning, sending  # noqa: E402
from ambassador.reminders.models import ReminderPlan  # noqa: E402
from ambassador.training.models import Choice, Module, ModuleVersion, Question  # noqa: E402
from benchmarks.foundation import _progress, _reset  # noqa: E402
from tests.smtp import SmtpServer  # noqa: E402

BIN = Path(sys.executable).parent
RESULTS = ROOT / "docs" / "RELIABILITY.md"
PASSWORD = "reliability-run-1"
SECRET = "reliability"
PORTS = {"A": 8761, "B": 8762}
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
ATTEMPT = re.compile(r"/training/attempts/(\d+)")
CHOICE = re.compile(
    r'<input type="(?:radio|checkbox)" id="q(\d+)-(\d+)" name="q-\d+" value="\d+"[^>]*>\s*'
    r'<label for="q\d+-\d+">(.*?)</label>',
    re.S,
)
HEALTH_TIMEOUT = 1.0
REQUEST_TIMEOUT = 30
PATIENCE = 60  # seconds a simulated employee goes on trying one page


class Cluster:
    """The local PostgreSQL cluster, stopped and started with pg_ctlcluster."""

    def __init__(self):
        versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
        if not versions or not shutil.which("pg_ctlcluster"):
            raise SystemExit(
                "pg_ctlcluster and /etc/postgresql are needed: this restarts the local PostgreSQL"
            )
        self.version = versions[-1]

    def _ctl(self, action: str, *options: str) -> None:
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, "main", action, *options]
        subprocess.run(command, check=True, capture_output=True)

    def stop(self) -> None:
        """Stop at once, ending every connection (fast shutdown)."""
        self._ctl("stop", "-m", "fast")

    def start(self) -> None:
        """Start and return once it accepts connections."""
        self._ctl("start")


class Process:
    """A process of the installation (gunicorn, the scheduler, a worker), in its own process group."""

    def __init__(self, name: str, command: list[str], env: dict, log_dir: Path):
        self.name, self.command, self.env = name, command, env
        self.log = log_dir / f"{name}.log"
        self.popen: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.popen = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL the whole group: the master and its workers die mid-request, as in a host's crash."""
        os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait()

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 20 s."""
        if self.popen is None or self.popen.poll() is not None:
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(20)
        except subprocess.TimeoutExpired:
            self.kill()


def healthy(port: int) -> bool:
    """Whether the instance on `port` answers /healthz with 200 (its database answers too)."""
    try:
        return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=HEALTH_TIMEOUT).status_code == 200
    except requests.RequestException:
        return False


def wait_until(check, seconds: float) -> float | None:
    """Seconds until `check()` is true, polling every 0.1 s; None after `seconds`."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if check():
            return time.monotonic() - start
        time.sleep(0.1)
    return None


# --- the organisation -------------------------------------------------------------------------------

# Zones the offices may be moved to, so that some are in their working morning whenever the run starts.
ZONES = (
    "Pacific/Auckland",
    "Australia/Sydney",
    "Asia/Tokyo",
    "Asia/Shanghai",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Europe/Stockholm",
    "Europe/London",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Pacific/Honolulu",
)


def working_zones(now) -> list[str]:
    """The zones where it is now a working day between 09:30 and 15:00, so reminders are due all run long."""
    found = []
    for name in ZONES:
        local = now.astimezone(zone(name))
        if local.weekday() < 5 and (9, 30) <= (local.hour, local.minute) < (15, 0):
            found.append(name)
    return found


def prepare(url: str, people: int, employees: int) -> dict:
    """A fresh database with the demo at scale; passwords for the simulated employees; plans 90 days old."""
    _reset(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "BASE_URL": "http://127.0.0.1"})
    with app.app_context():
        upgrade()
        print(f"… the demo at {people:,} people", flush=True)
        seed(people, max(10, people // 200), utcnow(), progress=_progress(people))
        # Half the offices in their working morning now (when any zone is): reminders are due during the run.
        zones = working_zones(utcnow())
        if zones:
            offices = db.session.scalars(sa.select(Office).order_by(Office.id)).all()
            for office, name in zip(offices[::2], itertools.cycle(zones)):
                office.timezone = name
        # The plans started long ago: this morning's reminders are due now, not from the next morning.
        db.session.execute(sa.update(ReminderPlan).values(starts_at=utcnow() - timedelta(days=90)))
        chosen = db.session.scalars(
            sa.select(Person)
            .where(Person.active.is_(True), Person.role == Role.EMPLOYEE)
            .order_by(sa.func.random())
            .limit(employees)
        ).all()
        hashed = generate_password_hash(PASSWORD, method=app.config["PASSWORD_HASH_METHOD"])
        for person in chosen:
            person.password_hash = hashed
        quizzes = db.session.scalars(
            sa.select(Module.id).where(Module.published.is_(True), Module.is_quiz.is_(True))
        ).all()
        db.session.commit()
        right = defaultdict(set)  # question id -> the texts (any language) of its right answers
        rows = db.session.execute(
            sa.select(Question.id, Choice.text)
            .join(Choice, Choice.question_id == Question.id)
            .join(ModuleVersion, ModuleVersion.id == Question.version_id)
            .where(ModuleVersion.module_id.in_(quizzes), Choice.correct.is_(True))
        )
        for question_id, texts in rows:
            right[question_id].update(text.strip() for text in texts.values())
        emails = [person.email for person in chosen]
        db.engine.dispose()
    return {"app": app, "emails": emails, "quizzes": quizzes, "right": right, "zones": zones}


# --- the simulated employees ---------------------------------------------------------------------------


class Tally:
    """What every simulated employee saw, shared between their threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter = Counter()
        self.errors: Counter = Counter()
        self.confirmed: list[tuple[str, int]] = []  # (email, attempt id) whose result page was seen
        self.passed: set[int] = set()
        self.served_by: Counter = Counter()

    def response(self, page: str, instance: str, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.served_by[instance] += 1
            if status < 500:
                self.times[page].append(seconds)

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] += 1


class SignedOut(Exception):
    """The site sent the employee back to the sign-in page in the middle of their session."""


class Employee(threading.Thread):
    """One person at their phone: sign in, My training, a module, its quiz, the result; again."""

    def __init__(self, email: str, plan: dict, tally: Tally, deadline: float, rng: random.Random):
        super().__init__(daemon=True)
        self.email, self.plan, self.tally, self.deadline, self.rng = email, plan, tally, deadline, rng
        self.http = requests.Session()
        self.csrf = ""

    def think(self, low: float = 2, high: float = 6) -> None:
        time.sleep(self.rng.uniform(low, high))

    def request(self, page: str, method: str, path: str, **kwargs) -> requests.Response | None:
        """One page, to either instance; on to the other when one is down; a 503 waited out. None: gave up.

        Like a person who tries again for a minute before giving up.
        """
        first = time.monotonic()
        while time.monotonic() - first < PATIENCE:
            instance = self.rng.choice("AB")
            url = f"http://127.0.0.1:{PORTS[instance]}{path}"
            start = time.monotonic()
            try:
                response = self.http.request(
                    method, url, allow_redirects=False, timeout=REQUEST_TIMEOUT, **kwargs
                )
            except requests.ConnectionError:
                self.tally.error("connection refused or reset (an instance down): sent to the other")
                time.sleep(0.2)
                continue
            except requests.Timeout:
                self.tally.error(f"no answer within {REQUEST_TIMEOUT} s")
                continue
            seconds = time.monotonic() - start
            # The proxy in front terminates TLS: the Secure cookies travel to it, here over loopback HTTP.
            for cookie in self.http.cookies:
                cookie.secure = False
            self.tally.response(page, instance, response.status_code, seconds)
            if response.status_code == 503:
                self.tally.error("503 (the database down), tried again")
                time.sleep(self.rng.uniform(1, 3))
                continue
            if response.status_code >= 500:
                self.tally.error(f"HTTP {response.status_code}")
                return None
            if response.status_code == 302 and "/auth/login" in response.headers.get("Location", ""):
                raise SignedOut(page)
            token = (
                CSRF.search(response.text)
                if "text/html" in response.headers.get("Content-Type", "")
                else None
            )
            if token:
                self.csrf = token.group(1)
            return response
        self.tally.error(f"gave up on a page after {PATIENCE} s of tries")
        return None

    def run(self) -> None:
        self.think(0, 20)  # arrivals spread over the first 20 s
        while time.monotonic() < self.deadline:
            try:
                self.session()
            except SignedOut as lost:
                self.tally.error(f"signed out unexpectedly (at {lost})")
            except Exception as error:  # a bug of this script must not pass for a result
                self.tally.error(f"client error: {type(error).__name__}: {error}")
                time.sleep(1)

    def session(self) -> None:
        """Sign in, then take quizzes until the run ends or the session is lost."""
        self.http.cookies.clear()
        if not self.request("sign-in page", "GET", "/auth/login"):
            return
        response = self.request(
            "sign in",
            "POST",
            "/auth/login",
            data={"email": self.email, "password": PASSWORD, "csrf_token": self.csrf},
        )
        if response is None or response.status_code != 302:
            self.tally.error("sign-in refused")
            self.think()
            return
        while time.monotonic() < self.deadline:
            self.think()
            if not self.request("My training", "GET", "/training"):
                return
            module_id = self.rng.choice(self.plan["quizzes"])
            self.think()
            if not self.request("module page", "GET", f"/training/{module_id}?continue=1"):
                return
            self.think(1, 3)
            started = self.request(
                "start a try", "POST", f"/training/{module_id}/attempts", data={"csrf_token": self.csrf}
            )
            found = ATTEMPT.search(started.headers.get("Location", "")) if started is not None else None
            if found is None:
                continue  # no try today (a limit): read something else
            attempt_id = int(found.group(1))
            quiz = self.request("quiz", "GET", f"/training/attempts/{attempt_id}")
            if quiz is None or quiz.status_code != 200:
                continue
            self.think()
            answers = self.answers(quiz.text)
            submitted = self.request(
                "submit answers",
                "POST",
                f"/training/attempts/{attempt_id}",
                data={**answers, "csrf_token": self.csrf},
            )
            if submitted is None or submitted.status_code != 302:
                continue
            result = self.request("result", "GET", f"/training/attempts/{attempt_id}/result")
            if result is not None and result.status_code == 200:
                with self.tally.lock:
                    self.tally.confirmed.append((self.email, attempt_id))

    def answers(self, page: str) -> dict[str, list[str]]:
        """The right answers, most of the time (a fifth of the tries answer at random)."""
        shown = defaultdict(list)
        for question_id, position, label in CHOICE.findall(page):
            shown[int(question_id)].append((position, html.unescape(label).strip()))
        honest = self.rng.random() < 0.8
        answers = {}
        for question_id, choices in shown.items():
            if honest:
                picked = [p for p, text in choices if text in self.plan["right"][question_id]]
            else:
                picked = [self.rng.choice(choices)[0]]
            answers[f"q-{question_id}"] = picked
        return answers


# --- the run --------------------------------------------------------------------------------------------


def environment(url: str, smtp_port: int) -> dict:
    """Production settings: the same secret and database for every process, mail to the local server."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "OIDC_"))},
        "FLASK_APP": "wsgi",
        "AMBASSADOR_ENV": "production",
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET,
        "BASE_URL": f"http://127.0.0.1:{PORTS['A']}",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "MAIL_FROM": "Ambassador <no-reply@example.com>",
    }


def gunicorn(name: str, env: dict, log_dir: Path) -> Process:
    command = [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{PORTS[name]}"]
    return Process(f"gunicorn-{name}", [*command, "--timeout", "60", "wsgi:app"], env, log_dir)


class Timeline:
    """The faults, each at its second, with what was measured around them."""

    def __init__(self, start: float):
        self.start = start
        self.events: list[tuple[float, str]] = []

    def note(self, text: str) -> None:
        at = time.monotonic() - self.start
        self.events.append((at, text))
        print(f"  [{at:5.1f} s] {text}", flush=True)

    def sleep_until(self, second: float) -> None:
        time.sleep(max(0.0, self.start + second - time.monotonic()))


def faults(
    timeline: Timeline, servers: dict, cluster: Cluster, smtp: SmtpServer, seconds: int, recovery: dict
):
    """Kill and restart instance A; stop PostgreSQL for 5 s; stop SMTP for a minute."""
    timeline.sleep_until(seconds * 0.15)
    timeline.note("instance A killed (SIGKILL, master and workers)")
    servers["A"].kill()
    time.sleep(5)
    servers["A"].start()
    back = wait_until(lambda: healthy(PORTS["A"]), 60)
    recovery["instance A serving again after its start"] = back
    timeline.note(
        f"instance A started again; serving after {back:.1f} s" if back else "instance A NOT back in 60 s"
    )

    timeline.sleep_until(seconds * 0.35)
    timeline.note("PostgreSQL stopped (fast shutdown: every connection ended)")
    cluster.stop()
    time.sleep(5)
    cluster.start()
    timeline.note("PostgreSQL started again")
    came_back = time.monotonic()
    for name in ("A", "B"):
        if wait_until(lambda name=name: healthy(PORTS[name]), 60) is None:
            recovery[f"instance {name} serving after PostgreSQL came back"] = None
            timeline.note(f"instance {name} NOT serving 60 s after PostgreSQL came back")
            continue
        back = time.monotonic() - came_back
        recovery[f"instance {name} serving after PostgreSQL came back"] = back
        timeline.note(f"instance {name} serving again, {back:.1f} s after PostgreSQL came back")

    timeline.sleep_until(seconds * 0.55)
    timeline.note("SMTP server stopped")
    smtp.stop()
    time.sleep(60)
    smtp.start()
    timeline.note("SMTP server started again")


def progress(tally: Tally, timeline: Timeline, stop: threading.Event) -> None:
    while not stop.wait(10):
        with tally.lock:
            served = sum(tally.statuses.values())
            errors = sum(tally.errors.values())
            tries = len(tally.confirmed)
        at = time.monotonic() - timeline.start
        print(
            f"  [{at:5.1f} s] {served:,} answered, {errors:,} errors and retries, {tries:,} tries confirmed",
            flush=True,
        )


def drain(env: dict, app, seconds: int = 900) -> float | None:
    """The operator's `flask outbox deliver --retry-now`; then wait until nothing waits in the outbox."""
    subprocess.run([str(BIN / "flask"), "outbox", "deliver", "--retry-now"], cwd=ROOT, env=env, check=False)

    def empty() -> bool:
        with app.app_context():
            waiting = db.session.scalar(
                sa.select(sa.func.count()).where(OutboxMessage.state.in_([State.QUEUED, State.SENDING]))
            )
            db.session.rollback()
            return waiting == 0

    return wait_until(empty, seconds)


# --- the checks -----------------------------------------------------------------------------------------


def tracebacks(processes: list[Process]) -> dict[str, int]:
    """How many tracebacks each process wrote to its log (the worker logs one when the database is gone)."""
    return {process.name: process.log.read_text(errors="replace").count("Traceback") for process in processes}


def check(app, tally: Tally, smtp: SmtpServer, started_at) -> dict:
    """Every confirmed try stored, no completion doubled, every message received once, every reminder sent."""
    with app.app_context():
        ids = [attempt_id for _email, attempt_id in tally.confirmed]
        stored = {
            (email, attempt_id)
            for email, attempt_id in db.session.execute(
                sa.select(Person.email, Attempt.id)
                .join(Person, Person.id == Attempt.person_id)
                .where(Attempt.id.in_(ids), Attempt.submitted_at.is_not(None))
            )
        }
        lost = [pair for pair in tally.confirmed if pair not in stored]
        passed = db.session.scalar(sa.select(sa.func.count()).where(Completion.attempt_id.in_(ids)))
        doubled = db.session.execute(
            sa.select(Completion.attempt_id)
            .where(Completion.attempt_id.is_not(None))
            .group_by(Completion.attempt_id)
            .having(sa.func.count() > 1)
        ).all()
        same_moment = db.session.execute(
            sa.select(Completion.person_id, Completion.module_id, Completion.completed_at)
            .group_by(Completion.person_id, Completion.module_id, Completion.completed_at)
            .having(sa.func.count() > 1)
        ).all()
        states = Counter(
            dict(
                db.session.execute(
                    sa.select(OutboxMessage.state, sa.func.count()).group_by(OutboxMessage.state)
                ).all()
            )
        )
        kinds = Counter(
            dict(
                db.session.execute(
                    sa.select(OutboxMessage.kind, sa.func.count())
                    .where(OutboxMessage.state == State.SENT)
                    .group_by(OutboxMessage.kind)
                ).all()
            )
        )
        sent_ids = set(
            db.session.scalars(sa.select(OutboxMessage.message_id).where(OutboxMessage.state == State.SENT))
        )
        # What was due when the scheduler started (its first planning), as the status rule reads it now.
        due = planning.due_now(started_at)
        keys = [reminder.key for reminder in due]
        not_queued = len(keys) - len(sending.taken_keys(keys))
        reminders_waiting = db.session.scalar(
            sa.select(sa.func.count()).where(
                OutboxMessage.kind == sending.KIND, OutboxMessage.state.in_([State.QUEUED, State.SENDING])
            )
        )
        db.session.rollback()
    received = Counter(r.message_id for r in smtp.received)
    return {
        "tries confirmed": len(tally.confirmed),
        "of them passed (a completion)": passed,
        "confirmed tries not in the database": len(lost),
        "completions doubled (one try, two rows)": len(doubled),
        "completions doubled (person, module, moment)": len(same_moment),
        "outbox by state": dict(states),
        "sent by kind": dict(kinds),
        "messages received": sum(received.values()),
        "Message-IDs received twice or more": sum(1 for n in received.values() if n > 1),
        "sent in the outbox, never received": len(sent_ids - received.keys()),
        "received, not marked sent": len(received.keys() - sent_ids),
        "reminders due at the start, never queued": not_queued,
        "reminders still waiting": reminders_waiting,
    }


# --- the report -----------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def _ms(values: list[float], share: float) -> str:
    return f"{percentile(values, share) * 1000:.0f} ms"


def _seconds(seconds: float | None, limit: str) -> str:
    return f"not within {limit}" if seconds is None else f"{seconds:.1f}"


def report(
    args,
    tally: Tally,
    timeline: Timeline,
    recovery: dict,
    checks: dict,
    drained: float | None,
    zones: list[str],
) -> None:
    """Print the figures and write docs/RELIABILITY.md."""
    served = sum(tally.statuses.values())
    by_instance = ", ".join(f"{n:,} by instance {k}" for k, n in sorted(tally.served_by.items()))
    command = f"--people {args.people} --employees {args.employees} --seconds {args.seconds}"
    errors_500 = sum(n for status, n in tally.statuses.items() if status >= 500 and status != 503)
    recovered = [seconds for name, seconds in recovery.items() if "PostgreSQL" in name]
    goals = [
        ("no confirmed write lost", checks["confirmed tries not in the database"] == 0),
        (
            "no duplicate (completion or email)",
            checks["completions doubled (one try, two rows)"] == 0
            and checks["completions doubled (person, module, moment)"] == 0
            and checks["Message-IDs received twice or more"] == 0,
        ),
        (
            "every message sent was received, every reminder due delivered",
            checks["sent in the outbox, never received"] == 0
            and checks["reminders due at the start, never queued"] == 0
            and checks["reminders still waiting"] == 0,
        ),
        ("no HTTP 500", errors_500 == 0),
        (
            "both instances serving within 10 s of the database coming back",
            all(s is not None and s <= 10 for s in recovered),
        ),
    ]
    lines = [
        "# Reliability under load and faults",
        "",
        f"`benchmarks/reliability.py {command}`,"
        f" run {utcnow():%Y-%m-%d %H:%M} UTC on the 2-core development machine (everything on it:"
        " PostgreSQL, both instances, the scheduler, the worker, the SMTP server and the simulated"
        " employees), on loopback.",
        "",
        "Two gunicorn instances (2 workers each, production settings, one secret) against one PostgreSQL;"
        " one `flask scheduler run`; one `flask outbox deliver --loop`; aiosmtpd as the mail server."
        f" {args.employees} simulated employees sign in, read My training and a module, take its quiz (right"
        " four times in five) and read the result, 2–6 s between pages, each request to either instance at"
        " random. A request that finds its instance down goes to the other (as a load balancer would); a 503"
        " is waited out (1–3 s) and sent again, for up to a minute.",
        "",
        (
            f"Half the offices were moved to zones in their working morning ({', '.join(zones)}), so that"
            " reminders were due during the run; every reminder plan had started 90 days before."
            if zones
            else "No zone was in its working morning (a weekend): no reminder was due during this run."
        ),
        "",
        "## Goals",
        "",
        "| goal | met |",
        "| --- | --- |",
        *[f"| {goal} | {'yes' if met else '**no**'} |" for goal, met in goals],
        "",
        "## What happened",
        "",
        "| second | event |",
        "| --- | --- |",
        *[f"| {at:.1f} | {text} |" for at, text in timeline.events],
        "",
        "| recovery | seconds |",
        "| --- | --- |",
        *[f"| {name} | {_seconds(seconds, '60 s')} |" for name, seconds in recovery.items()],
        f"| the outbox empty after the run (`--retry-now`, then waiting) | {_seconds(drained, '15 min')} |",
        "",
        "## Requests",
        "",
        f"{served:,} answered ({by_instance}).",
        "",
        "| status | answers |",
        "| --- | --- |",
        *[f"| {status} | {n:,} |" for status, n in sorted(tally.statuses.items())],
        "",
        "| error or retry, by kind | count |",
        "| --- | --- |",
        *([f"| {kind} | {n:,} |" for kind, n in tally.errors.most_common()] or ["| none | 0 |"]),
        "",
        "| page | answers | p50 | p95 |",
        "| --- | --- | --- | --- |",
        *[
            f"| {page} | {len(values):,} | {_ms(values, 0.5)} | {_ms(values, 0.95)} |"
            for page, values in tally.times.items()
        ],
        "",
        "## Checked afterwards, in the database and at the mail server",
        "",
        "| check | result |",
        "| --- | --- |",
        *[f"| {name} | {value} |" for name, value in checks.items()],
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    notes = (
        RESULTS.read_text().split("\n## Notes\n", 1)[1]
        if RESULTS.exists() and "\n## Notes\n" in RESULTS.read_text()
        else ""
    )
    RESULTS.write_text(text + ("\n## Notes\n" + notes if notes else ""))
    print(f"Written to {RESULTS.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--employees", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/ambassador_reliability"
    )
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        raise SystemExit("PostgreSQL only: the run restarts the database server")
    cluster = Cluster()
    log_dir = Path(tempfile.mkdtemp(prefix="reliability-"))
    plan = prepare(args.database_url, args.people, args.employees)
    smtp = SmtpServer()
    smtp.start()
    env = environment(args.database_url, smtp.port)
    servers = {name: gunicorn(name, env, log_dir) for name in PORTS}
    others = [
        Process("scheduler", [str(BIN / "flask"), "scheduler", "run"], env, log_dir),
        Process(
            "worker", [str(BIN / "flask"), "outbox", "deliver", "--loop", "--interval", "2"], env, log_dir
        ),
    ]
    tally, recovery = Tally(), {}
    started_at = utcnow()
    try:
        for process in [*servers.values(), *others]:
            process.start()
        for name in PORTS:
            if wait_until(lambda name=name: healthy(PORTS[name]), 60) is None:
                raise SystemExit(f"instance {name} did not start; see {log_dir}")
        print(f"… {args.employees} employees for {args.seconds} s; logs in {log_dir}", flush=True)
        timeline = Timeline(time.monotonic())
        deadline = timeline.start + args.seconds
        rng = random.Random(11)
        employees = [
            Employee(email, plan, tally, deadline, random.Random(rng.random())) for email in plan["emails"]
        ]
        for employee in employees:
            employee.start()
        stop = threading.Event()
        threading.Thread(target=progress, args=(tally, timeline, stop), daemon=True).start()
        fault_thread = threading.Thread(
            target=faults, args=(timeline, servers, cluster, smtp, args.seconds, recovery), daemon=True
        )
        fault_thread.start()
        for employee in employees:
            employee.join()
        fault_thread.join()
        stop.set()
        timeline.note("the employees stopped; draining the outbox")
        drained = drain(env, plan["app"])
        timeline.note("the outbox is empty" if drained is not None else "the outbox did NOT empty")
    finally:
        for process in [*servers.values(), *others]:
            process.stop()
    checks = check(plan["app"], tally, smtp, started_at)
    checks["tracebacks in the logs, by process"] = tracebacks([*servers.values(), *others])
    smtp.stop()
    report(args, tally, timeline, recovery, checks, drained, plan["zones"])


if __name__ == "__main__":
    main()
