"""`flask privacy`: erase one person, or the leavers due, from the command line."""

import click
import sqlalchemy as sa
from flask import current_app

from ambassador.auth.services import normalise_email
from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.org.models import Person
from ambassador.org.services import OrgError
from ambassador.privacy import jobs, queries, services

privacy_cli = click.Group("privacy", help="Personal data: erasure and retention.")


@privacy_cli.command("erase")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase_command(email: str, yes: bool) -> None:
    """Erase the person with EMAIL: name, email and employee id replaced by a pseudonym, for good."""
    person = db.session.scalar(sa.select(Person).where(Person.email == normalise_email(email)))
    if person is None:
        raise click.ClickException(f"Nobody has the email {email}.")
    if not yes:
        click.confirm(f"Erase {person.name} <{person.email}>? This cannot be undone", abort=True)
    try:
        pseudonym = services.erase(person, actor=None, now=utcnow())
    except OrgError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from None
    db.session.commit()
    click.echo(f"Erased: now known as {pseudonym}.")


@privacy_cli.command("leavers")
@click.option("--dry-run", is_flag=True, help="List who would be erased; change nothing.")
def leavers_command(dry_run: bool) -> None:
    """Erase the leavers deactivated more than RETENTION_MONTHS ago now (what the nightly job does)."""
    months = current_app.config["RETENTION_MONTHS"]
    if not months:
        click.echo("RETENTION_MONTHS is 0: leavers are not erased automatically.")
        return
    if dry_run:
        now = utcnow()
        count = queries.due_count(now, months)
        click.echo(f"{count} leaver(s) deactivated more than {months} months ago would be erased.")
        first = [leaver for leaver in queries.upcoming(now, months, 1).items if leaver.due]
        for leaver in first:
            click.echo(f"  {leaver.name} <{leaver.email}>, deactivated {leaver.deactivated_at:%Y-%m-%d}")
        if count > len(first):
            click.echo(f"  and {count - len(first)} more")
        return
    click.echo(f"Erased {jobs.erase_leavers()} leaver(s).")
