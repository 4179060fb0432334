"""APScheduler wiring. The scheduler never starts inside create_app and is off in tests.

In development `flask serve` runs it in the web process; in production one separate
process runs `flask scheduler run`, so jobs run once however many web workers there are.
"""

import logging

import click
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import current_app
from werkzeug.serving import run_simple

from ambassador.clock import utcnow
from ambassador.db import unreachable
from ambassador.features import registry

log = logging.getLogger(__name__)


def _run(app, job) -> None:
    """Run one job inside an app context, logging rather than losing a failure."""
    with app.app_context():
        try:
            result = job()
            log.info("job %s done: %s", job.__name__, result)
        except Exception as error:
            if unreachable(error):  # a restart of the database: the next run catches up
                log.warning("job %s: the database cannot be reached (%s)", job.__name__, error.orig)
            else:
                log.exception("job %s failed", job.__name__)


def build(app, blocking: bool = False):
    """A scheduler with every job registered; not started."""
    scheduler = (BlockingScheduler if blocking else BackgroundScheduler)(timezone="UTC")
    for job in registry(app).jobs:
        first = {"next_run_time": utcnow()} if job.catch_up else {}
        scheduler.add_job(
            _run, args=[app, job.func], id=job.name, coalesce=True, max_instances=1, **job.trigger, **first
        )
    return scheduler


scheduler_cli = click.Group("scheduler", help="Periodic jobs.")


@scheduler_cli.command("run")
def run_scheduler() -> None:
    """Run the scheduler in the foreground (one process per installation)."""
    app = current_app._get_current_object()
    click.echo("Scheduler running; Ctrl+C stops it.")
    build(app, blocking=True).start()


@scheduler_cli.command("run-once")
def run_once() -> None:
    """Run every job once now (operations and troubleshooting)."""
    app = current_app._get_current_object()
    for job in registry(app).jobs:
        _run(app, job.func)
        click.echo(f"{job.name}: done")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, envvar="PORT")
def serve_command(host: str, port: int) -> None:
    """Serve the app for development with the scheduler running in-process."""
    app = current_app._get_current_object()
    scheduler = build(app)
    scheduler.start()
    try:
        # app.run() refuses to run under the flask command, so start Werkzeug directly.
        run_simple(host, port, app, threaded=True, use_reloader=False)
    finally:
        scheduler.shutdown(wait=False)
