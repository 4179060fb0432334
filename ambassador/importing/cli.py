"""Running an import from the command line: check with a progress bar, report, then write or stop."""

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import click

from ambassador.db import db
from ambassador.importing.csvfile import FileError


class Plan(Protocol):
    """What an import's plan offers the command line."""

    errors: list

    @property
    def ok(self) -> bool: ...

    @property
    def writes(self) -> int: ...


def run(path: Path, *, check: Callable, report: Callable, write: Callable, dry_run: bool) -> None:
    """Check the file (`check(data, progress)`), `report(plan)`, then `write(plan, progress)` and commit.

    Exits 1 with nothing written when a bad row (or another problem) stops the import.
    """
    data = path.read_bytes()
    try:
        with click.progressbar(length=max(1, data.count(b"\n")), label="Checking rows") as bar:
            plan: Plan = check(data, bar.update)
    except FileError as error:
        raise click.ClickException(str(error.message)) from None
    report(plan)
    if not plan.ok:
        click.echo(f"Stopped: {len(plan.errors)} bad row(s). Nothing was written.", err=True)
        raise SystemExit(1)
    if dry_run:
        click.echo("Dry run: nothing was written.")
        return
    with click.progressbar(length=max(1, plan.writes), label="Writing") as bar:
        write(plan, bar.update)
        db.session.commit()
    click.echo("Import applied.")
