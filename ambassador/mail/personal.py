"""What the outbox keeps about a person: the emails sent to them (90 days); erased with them."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.db import db
from ambassador.mail.labels import kind_label, state_label
from ambassador.mail.models import OutboxMessage
from ambassador.mail.services import KEEP_FINISHED
from ambassador.personal import Column, Erasure, Section, scrub_columns

COLUMNS = (
    Column("queued_at", _l("Queued")),
    Column("kind", _l("Kind")),
    Column("subject", _l("Subject")),
    Column("state", _l("State")),
    Column("sent_at", _l("Sent")),
)


def export(person) -> list[Section]:
    """Every email in the outbox for the person (reminders, nudges, links), with its text."""
    query = (
        sa.select(OutboxMessage)
        .where(OutboxMessage.person_id == person.id)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )
    rows = [
        {
            "queued_at": message.created_at,
            "kind": kind_label(message.kind),
            "kind_code": message.kind,
            "to": message.to_address,
            "subject": message.subject,
            "state": state_label(message.state),
            "sent_at": message.sent_at,
            "text": message.text_body,
        }
        for message in db.session.scalars(query)
    ]
    days = KEEP_FINISHED.days
    note = _l("Emails sent are forgotten %(days)s days after they went.", days=days)
    return [Section("emails", _l("Emails to you, reminders included"), COLUMNS, rows, note=note)]


def erase(erasures: list[Erasure], now: datetime) -> None:
    """Delete the emails to the people: an unsent one never goes (see `scrub_messages` for others')."""
    ids = [erasure.person_id for erasure in erasures]
    emails = [erasure.email.lower() for erasure in erasures]
    to_them = sa.or_(OutboxMessage.person_id.in_(ids), sa.func.lower(OutboxMessage.to_address).in_(emails))
    db.session.execute(
        sa.delete(OutboxMessage).where(to_them), execution_options={"synchronize_session": False}
    )


def scrub_messages(kinds: tuple[str, ...], erasures: list[Erasure]) -> int:
    """Name the people by their pseudonyms in emails of `kinds`, which name people besides the recipient.

    A feature whose emails name others (a digest lists colleagues, a nudge names the ambassador)
    calls this from its own `erase`; rows changed.
    """
    columns = [OutboxMessage.subject, OutboxMessage.text_body, OutboxMessage.html_body]
    return scrub_columns(OutboxMessage, columns, erasures, where=OutboxMessage.kind.in_(kinds))
