"""`flask demo seed`: load the demo organisation into an empty database."""

import click

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.demo.history import DAYS, snapshot_year
from ambassador.demo.seed import DEMO_PASSWORD, DEMO_SIGN_INS, is_empty, seed

demo_cli = click.Group("demo", help="Demo data.")


@demo_cli.command("seed")
@click.option("--employees", default=2000, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--offices", default=24, show_default=True, type=click.IntRange(2, 5000))
def seed_command(employees: int, offices: int) -> None:
    """Create a demo organisation; does nothing when the database already has people."""
    if not is_empty():
        click.echo("The database already has data; the demo was not loaded.")
    else:
        # People, then their completions (two cycles of the demo history).
        now = utcnow()
        with click.progressbar(length=employees * 6, label="Creating people and their training") as bar:
            counts = seed(employees, offices, now, progress=bar.update)
        with click.progressbar(length=DAYS + 1, label="Counting a year of coverage") as bar:
            snapshot_year(now, progress=bar.update)
        db.session.commit()
        click.echo(
            f"Created {counts['offices']} offices, {counts['people']} people, "
            f"{counts['ambassadors']} ambassador posts, {counts['modules']} modules, "
            f"{counts['completions']} completions."
        )
    print_sign_ins()


def print_sign_ins() -> None:
    """Print the demo sign-ins."""
    click.echo(f"Demo sign-ins (password: {DEMO_PASSWORD}):")
    for email, (_name, _role, _serves, label) in DEMO_SIGN_INS.items():
        click.echo(f"  {email:<26} {label}")
