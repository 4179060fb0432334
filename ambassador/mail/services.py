"""The outbox's rules: queueing a message, retrying a failed one, purging old ones.

Whoever decides to send an email queues it in the same transaction as the decision; nothing
sends inline. Delivery (`mail/delivery.py`) sends what is due, in its own transactions.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import make_msgid, parseaddr
from functools import lru_cache

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from jinja2 import TemplateNotFound
from sqlalchemy.dialects import postgresql

from ambassador.audit.services import record
from ambassador.db import db, upsert
from ambassador.errors import UserError
from ambassador.mail.models import OutboxMessage, State
from ambassador.org.models import Person

KEEP_FINISHED = timedelta(days=90)
KEYS_PER_QUERY = 5000


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


def sender_domain() -> str:
    """The domain of MAIL_FROM, which every Message-ID is made on."""
    return _domain(current_app.config["MAIL_FROM"])


@lru_cache(maxsize=8)
def _domain(mail_from: str) -> str:
    """The domain of a sender's address (read once: planning asks it for every reminder)."""
    return parseaddr(mail_from)[1].rpartition("@")[2]


def _message_id() -> str:
    """A new, globally unique Message-ID on the sender's domain."""
    return make_msgid(domain=sender_domain())


def _insert(target=OutboxMessage) -> sa.Insert:
    """An INSERT into the outbox that skips a row whose key exists (ON CONFLICT DO NOTHING).

    Safe under parallel requests on both databases: a second request with the same key waits for
    the first to commit, then inserts nothing.
    """
    return upsert(target).on_conflict_do_nothing(index_elements=["key"])


def insert_new() -> sa.Insert:
    """The outbox INSERT that skips each row whose key exists, for many rows at once (`mail.bulk`)."""
    return _insert()


def _insert_or_ignore(values: dict) -> OutboxMessage | None:
    """Insert a row unless its key exists: the new row, or None."""
    return db.session.scalar(_insert().values(**values).returning(OutboxMessage))


@dataclass(frozen=True)
class Addressee:
    """One recipient of a message queued in bulk, with the values only their copy has."""

    person_id: int
    email: str
    name: str
    locale: str
    key: str
    fields: dict[str, str] = field(default_factory=dict)  # placeholder name -> this person's value


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
    to = Addressee(person.id, person.email, person.name, person.locale, key)
    return _insert_or_ignore(row(to, kind, parts, _message_id(), now, send_after))


def row(
    to: Addressee,
    kind: str,
    parts: tuple[str, str, str | None],
    message_id: str,
    now: datetime,
    send_after: datetime | None = None,
) -> dict:
    """The outbox row of a rendered message (subject, text, HTML) to `to`, queued now."""
    subject, text, html = parts
    return {
        "key": to.key,
        "kind": kind,
        "state": State.QUEUED,
        "person_id": to.person_id,
        "to_address": to.email,
        "to_name": single_line(to.name),
        "language": to.locale,
        "subject": subject[:300],
        "text_body": text,
        "html_body": html,
        "message_id": message_id,
        "attempts": 0,
        "next_try_at": max(send_after or now, now),
        "created_at": now,
    }


def taken_keys(keys: list[str]) -> set[str]:
    """Of `keys`, those the outbox already holds (queueing them again would do nothing).

    A planner that plans the same message every run asks this first, so that it renders only
    the new ones. On PostgreSQL the keys go as one array parameter, not thousands of them.
    """
    query = sa.select(OutboxMessage.key).where(_key_among())
    taken: set[str] = set()
    for start in range(0, len(keys), KEYS_PER_QUERY):
        taken.update(db.session.scalars(query, {"keys": keys[start : start + KEYS_PER_QUERY]}))
    return taken


def _key_among():
    """`key IN (...)`; on PostgreSQL `key = ANY(array)`."""
    if db.session.get_bind().dialect.name == "postgresql":
        return OutboxMessage.key == sa.any_(sa.bindparam("keys", type_=postgresql.ARRAY(sa.String)))
    return OutboxMessage.key.in_(sa.bindparam("keys", expanding=True))


def retry(message: OutboxMessage, actor: Person, now: datetime) -> None:
    """Send a failed message again, with a fresh set of tries; audited."""
    if message.state != State.FAILED:
        raise OutboxError(_l("Only a failed message can be retried."))
    changes = {"state": [str(message.state), str(State.QUEUED)], "attempts": [message.attempts, 0]}
    message.state = State.QUEUED
    message.attempts = 0
    message.next_try_at = now
    summary = f"{message.to_address}: {message.subject}"
    record(actor, "mail.retried", summary, now, changes=changes, subject=message.person_id)


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
