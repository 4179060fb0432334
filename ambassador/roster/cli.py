"""`flask roster import FILE [--full] [--dry-run] [--no-invite]`."""

from pathlib import Path

import click
from flask import current_app

from ambassador.clock import utcnow
from ambassador.importing import cli
from ambassador.roster import services

roster_cli = click.Group("roster", help="Import the employee roster from an HR export.")


def print_report(plan: services.RosterPlan, invite: bool = True) -> None:
    """Print what the import does, how many invitations it emails, and every bad row."""
    click.echo(f"Read {plan.rows_read} rows ({plan.encoding}, delimiter '{plan.delimiter}').")
    click.echo(f"To create: {len(plan.creates)}")
    click.echo(f"Invitations to send: {len(plan.creates) if invite else '0 (--no-invite)'}")
    click.echo(f"To update: {len(plan.updates)}")
    click.echo(f"To deactivate: {len(plan.deactivations)}")
    click.echo(f"Unchanged: {plan.unchanged}")
    for error in plan.errors:
        click.echo(f"Line {error.line}: {error.message}", err=True)
    for problem in plan.problems:
        click.echo(str(problem), err=True)


@roster_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--full", is_flag=True, help="The file is the whole roster: deactivate everyone missing.")
@click.option("--dry-run", is_flag=True, help="Only report what would change.")
@click.option("--no-invite", is_flag=True, help="Do not email the people created an invitation.")
def import_command(path: Path, full: bool, dry_run: bool, no_invite: bool) -> None:
    """Import a CSV roster; exits 1 when a bad row stops it, nothing written.

    Each person created is emailed an invitation to choose a password, unless --no-invite.
    """
    languages = current_app.config["LANGUAGES"]
    cli.run(
        path,
        check=lambda data, progress: services.plan_import(
            data, full=full, actor_id=None, languages=languages, progress=progress
        ),
        report=lambda plan: print_report(plan, invite=not no_invite),
        write=lambda plan, progress: services.apply_import(
            plan, actor=None, filename=path.name, now=utcnow(), invite=not no_invite, progress=progress
        ),
        dry_run=dry_run,
    )
