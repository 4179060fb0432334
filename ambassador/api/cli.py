"""`flask api token create --name NAME` (prints the token once) and `flask api token revoke NAME`."""

import click

from ambassador.api import tokens
from ambassador.clock import utcnow
from ambassador.db import db

api_cli = click.Group("api", help="The read-only JSON API.")
token_cli = click.Group("token", help="API tokens.")
api_cli.add_command(token_cli)


@token_cli.command("create")
@click.option("--name", required=True, help="What will use the token, e.g. 'annual report'.")
def create_command(name: str) -> None:
    """Create a token and print it, once: only its SHA-256 is kept."""
    try:
        row, token = tokens.create(name, actor=None, now=utcnow())
    except tokens.TokenError as error:
        raise click.ClickException(str(error.message)) from None
    db.session.commit()
    click.echo(f"Token {row.name!r} created. Copy it now, it is not shown again:")
    click.echo(token)


@token_cli.command("revoke")
@click.argument("name")
def revoke_command(name: str) -> None:
    """Revoke the token named NAME: it stops working at once."""
    row = tokens.by_name(name)
    if row is None:
        raise click.ClickException(f"There is no token named {name!r}.")
    if not row.active:
        click.echo(f"Token {name!r} was already revoked.")
        return
    tokens.revoke(row, actor=None, now=utcnow())
    db.session.commit()
    click.echo(f"Token {name!r} revoked.")
