"""`flask outbox deliver`: send the outbox once, as a worker (--loop), or retry the waiting now."""

import logging
import signal
import time
from contextlib import suppress

import click
import sqlalchemy as sa
from flask import current_app

from ambassador.clock import utcnow
from ambassador.db import db, unreachable
from ambassador.mail import delivery, services

log = logging.getLogger(__name__)
outbox_cli = click.Group("outbox", help="The mail outbox.")


class _Stop:
    """Set by SIGTERM or Ctrl+C: the worker finishes its batch, records it and stops."""

    requested = False

    def __call__(self, *_args) -> None:
        """Ask the worker to stop."""
        self.requested = True


def _deliver_once(stop: _Stop) -> None:
    """One delivery run; in a worker, a failure is logged, not fatal (the database away: in one line)."""
    try:
        report = delivery.deliver(stop=lambda: stop.requested)
    except Exception as error:
        with suppress(sa.exc.SQLAlchemyError):
            db.session.rollback()
        if unreachable(error):
            log.warning("delivery: the database cannot be reached (%s); trying again shortly", error.orig)
        else:
            log.exception("delivery failed; trying again shortly")
        return
    if report != delivery.Report():
        click.echo(f"{utcnow():%Y-%m-%d %H:%M:%S} UTC: {report}")


def _work(interval: int) -> None:
    """Deliver every `interval` seconds until SIGTERM or Ctrl+C."""
    stop = _Stop()
    signal.signal(signal.SIGTERM, stop)
    click.echo(f"Delivering every {interval} s; Ctrl+C or SIGTERM stops after the current batch.")
    try:
        while not stop.requested:
            _deliver_once(stop)
            for _ in range(interval * 10):
                if stop.requested:
                    break
                time.sleep(0.1)
    except KeyboardInterrupt:
        pass
    click.echo("Stopped.")


@outbox_cli.command("deliver")
@click.option("--loop", is_flag=True, help="Keep delivering: a worker (run as many as you like).")
@click.option("--retry-now", is_flag=True, help="First make every message waiting for a retry due now.")
@click.option(
    "--interval", default=5, show_default=True, type=click.IntRange(1, 3600), help="Seconds between runs."
)
def deliver_command(loop: bool, retry_now: bool, interval: int) -> None:
    """Send every due message once (or keep sending with --loop)."""
    if not current_app.config["SMTP_HOST"]:
        click.echo("SMTP_HOST is not set: messages are marked sent on the outbox page, not emailed.")
    if retry_now:
        waiting = services.retry_waiting_now(utcnow())
        db.session.commit()
        click.echo(f"{waiting} waiting for a retry are due now.")
    if loop:
        _work(interval)
    else:
        click.echo(str(delivery.deliver()))
