"""`flask completions import FILE [--dry-run]`: past completions from another system."""

from pathlib import Path

import click

from ambassador.clock import utcnow
from ambassador.completions import imports
from ambassador.importing import cli

completions_cli = click.Group("completions", help="Completions: import past ones from another system.")


def print_report(plan: imports.CompletionPlan) -> None:
    """Print what the import does and every bad row."""
    click.echo(f"Read {plan.rows_read} rows ({plan.encoding}, delimiter '{plan.delimiter}').")
    click.echo(f"To import: {len(plan.imports)}")
    click.echo(f"Already recorded, skipped: {len(plan.skipped)}")
    for row in plan.skipped:
        click.echo(f"Line {row.line}: {row.email}, {row.module}, {row.completed_on} is already recorded.")
    for error in plan.errors:
        click.echo(f"Line {error.line}: {error.message}", err=True)


@completions_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only report what would be imported.")
def import_command(path: Path, dry_run: bool) -> None:
    """Import past completions from CSV; exits 1 when a bad row stops it, nothing written.

    Columns: email, module (number or title), completed on (YYYY-MM-DD), certificate (optional).
    """
    now = utcnow()
    cli.run(
        path,
        check=lambda data, progress: imports.plan_import(data, now=now, lock=not dry_run, progress=progress),
        report=print_report,
        write=lambda plan, progress: imports.apply_import(
            plan, actor=None, filename=path.name, now=now, progress=progress
        ),
        dry_run=dry_run,
    )
