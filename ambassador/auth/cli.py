"""`flask users create-admin`: the first administrator of a new installation."""

import click
import sqlalchemy as sa

from ambassador.audit.services import diff, record
from ambassador.auth.services import MIN_PASSWORD_LENGTH, normalise_email, set_password
from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.org import services as org_services
from ambassador.org.models import Office, Person, Role
from ambassador.text import CONTROL_MESSAGE, has_control_characters

users_cli = click.Group("users", help="Manage sign-ins.")


@users_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--office", "office_name", default="Head office", show_default=True)
@click.option("--country", default="SE", show_default=True)
@click.option("--timezone", default="Europe/Stockholm", show_default=True)
@click.password_option()
def create_admin(email, name, office_name, country, timezone, password) -> None:
    """Create an administrator (and their office when it does not exist yet)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(f"Use at least {MIN_PASSWORD_LENGTH} characters.")
    if has_control_characters(name):
        raise click.ClickException(str(CONTROL_MESSAGE))
    email = normalise_email(email)
    if db.session.scalar(sa.select(Person.id).where(Person.email == email)):
        raise click.ClickException(f"{email} already exists.")
    now = utcnow()
    office = db.session.scalar(sa.select(Office).where(Office.name == office_name))
    if office is None:
        try:
            office = org_services.save_office(
                None, name=office_name, country=country, timezone=timezone, language="en", actor=None, now=now
            )
        except org_services.OrgError as error:
            raise click.ClickException(str(error.message)) from None
    person = Person(email=email, name=name, office=office, role=Role.ADMIN, created_at=now)
    set_password(person, password)
    db.session.add(person)
    db.session.flush()
    changes = diff({}, {"email": email, "name": name, "office": office.name, "role": Role.ADMIN})
    record(None, "person.created", f"{email}, flask users create-admin", now, changes=changes, subject=person)
    db.session.commit()
    click.echo(f"Administrator {email} created.")
