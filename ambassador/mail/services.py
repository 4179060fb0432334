"""The outbox's rules: queueing a message, retrying a failed one, purging old ones.

Whoever decides to send an email queues it in the same transaction as the decision; nothing
sends inline. Delivery (`mail/delivery.py`) sends what is due, in its own transactions.
"""

from datetime import datetime, timedelta
from email.utils import make_msgid, parseaddr
from functools import lru_cache

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from jinja2 import TemplateNotFound
from sqlalchemy.dialects import postgresql, sqlite

from ambassador.audit.services import record
from ambassador.db import db
from ambassador.errors import UserError
from ambassador.mail.models import OutboxMessage, State
from ambassador.org.models import Person

KEEP_FINISHED = timedelta(days=90)


class OutboxError(UserError):
    """A change to the outbox that the rules refuse."""


def render(template: str, person: Person, context: dict) -> tuple[str, str, str | None]:
    """Subject, text and HTML of `templates/email/<template>.*` in the person's language.

    The subject is made one line (a name with a line break in it stays in the subject); the
    HTML part is optional.
    """
    context = {"person": person, **context}
    with force_locale(person.locale):
        subject = single_line(_render(f"{template}.subject.txt", context))
        text = _render(f"{template}.txt", context)
        try:
            html = _render(f"{template}.html", {**context, "subject": subject})
        except TemplateNotFound:
            html = None
    return subject, text, html


def _render(name: str, context: dict) -> str:
    """Render `templates/email/<name>` with `context` alone.

    Not `render_template`: an email is written in jobs as well as in requests, and must not
    depend on a request, the signed-in person or the page's context.
    """
    return current_app.jinja_env.get_template(f"email/{name}").render(context)


def single_line(text: str) -> str:
    """Text with every run of whitespace, line breaks included, made one space (for headers)."""
    return " ".join(text.split())


def _message_id() -> str:
    """A new, globally unique Message-ID on the sender's domain."""
    return make_msgid(domain=_domain(current_app.config["MAIL_FROM"]))


@lru_cache(maxsize=8)
def _domain(mail_from: str) -> str:
    """The domain of the sender's address (read once: planning asks it for every reminder)."""
    return parseaddr(mail_from)[1].rpartition("@")[2]


def insert_new():
    """An INSERT into the outbox that skips each row whose key exists. Safe under parallel requests.

    ON CONFLICT DO NOTHING on both databases: a second request with the same key waits for the
    first to commit, then inserts nothing. Give it one row's values, or many rows to execute.
    """
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(OutboxMessage).on_conflict_do_nothing(index_elements=["key"])


def message_row(
    person: Person,
    kind: str,
    key: str,
    parts: tuple[str, str, str | None],
    *,
    now: datetime,
    send_after: datetime | None = None,
) -> dict:
    """The outbox row of a message to `person`, rendered as `parts` (subject, text, HTML)."""
    subject, text, html = parts
    return {
        "key": key,
        "kind": kind,
        "state": State.QUEUED,
        "person_id": person.id,
        "to_address": person.email,
        "to_name": single_line(person.name),
        "language": person.locale,
        "subject": subject[:300],
        "text_body": text,
        "html_body": html,
        "message_id": _message_id(),
        "attempts": 0,
        "next_try_at": max(send_after or now, now),
        "created_at": now,
    }


def queue(
    person: Person,
    kind: str,
    template: str,
    *,
    key: str,
    now: datetime,
    context: dict | None = None,
    send_after: datetime | None = None,
) -> OutboxMessage | None:
    """Queue the email `template` to `person`, rendered now in their language; the caller commits.

    `key` names the message once and for all: queueing the same key again is a no-op and
    returns None (a double click, two planners at once). Delivery sends it from `send_after`
    (default: at once).
    """
    if person.id is None:
        db.session.flush()
    parts = render(template, person, context or {})
    row = message_row(person, kind, key, parts, now=now, send_after=send_after)
    return db.session.scalar(insert_new().values(**row).returning(OutboxMessage))


def retry(message: OutboxMessage, actor: Person, now: datetime) -> None:
    """Send a failed message again, with a fresh set of tries; audited."""
    if message.state != State.FAILED:
        raise OutboxError(_l("Only a failed message can be retried."))
    message.state = State.QUEUED
    message.attempts = 0
    message.next_try_at = now
    record(actor, "mail.retried", f"{message.to_address}: {message.subject}", now)


def retry_waiting_now(now: datetime) -> int:
    """Make every message that waits for a retry due now (the SMTP server is back); how many."""
    waiting = sa.update(OutboxMessage).where(
        OutboxMessage.state == State.QUEUED, OutboxMessage.attempts > 0, OutboxMessage.next_try_at > now
    )
    return db.session.execute(waiting.values(next_try_at=now)).rowcount or 0


def purge_finished(now: datetime) -> int:
    """Delete sent and dropped messages older than 90 days; failed ones stay until dealt with."""
    cutoff = now - KEEP_FINISHED
    old = sa.or_(
        sa.and_(OutboxMessage.state == State.SENT, OutboxMessage.sent_at < cutoff),
        sa.and_(OutboxMessage.state == State.DROPPED, OutboxMessage.next_try_at < cutoff),
    )
    return db.session.execute(sa.delete(OutboxMessage).where(old)).rowcount or 0
