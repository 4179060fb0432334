"""`flask reminders plan [--dry-run]`: planning once, for cron or troubleshooting."""

import click

from ambassador.clock import utcnow
from ambassador.reminders import planning
from ambassador.reminders.jobs import plan_reminders

reminders_cli = click.Group("reminders", help="Refresher reminders.")


@reminders_cli.command("plan")
@click.option("--dry-run", is_flag=True, help="Print what would be queued and the forecast; queue nothing.")
def plan_command(dry_run: bool) -> None:
    """Queue the reminders whose morning has come, and digests and summaries (as the hourly job does)."""
    now = utcnow()
    if dry_run:
        due = planning.due_now(now)
        click.echo(f"Reminders due now: {len(due)} (some may have been queued already).")
        click.echo("Forecast, people emailed per working day:")
        for day, count in planning.forecast(now):
            click.echo(f"  {day:%a %Y-%m-%d}  {count}")
        return
    click.echo(f"Queued {plan_reminders()} new messages (reminders, digests and summaries).")
