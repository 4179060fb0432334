"""`flask reminders plan [--dry-run]`: planning once, for cron or troubleshooting."""

import click

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.reminders import planning
from ambassador.reminders.sending import queue_due

reminders_cli = click.Group("reminders", help="Refresher reminders.")


@reminders_cli.command("plan")
@click.option("--dry-run", is_flag=True, help="Print what would be queued and the forecast; queue nothing.")
def plan_command(dry_run: bool) -> None:
    """Queue the reminders whose morning has come (the hourly job does the same)."""
    now = utcnow()
    if dry_run:
        due = planning.due_now(now)
        click.echo(f"Reminders due now: {len(due)} (some may have been queued already).")
        click.echo("Forecast, people emailed per working day:")
        for day, count in planning.forecast(now):
            click.echo(f"  {day:%a %Y-%m-%d}  {count}")
        return
    queued = queue_due(now)
    db.session.commit()
    click.echo(f"Queued {queued} new reminders.")
