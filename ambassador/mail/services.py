"""Writing emails to people."""

import logging
from datetime import datetime

from flask import render_template
from flask_babel import force_locale

from ambassador.db import db
from ambassador.mail.models import MailMessage
from ambassador.org.models import Person

log = logging.getLogger(__name__)


def send_to_person(person: Person, template: str, now: datetime, **context) -> MailMessage:
    """Write the email `template` to `person` in their language; the caller commits.

    Until the outbox delivers over SMTP, a message is written to the log and kept for
    administrators to read on the outgoing-mail page.
    """
    with force_locale(person.locale):
        subject = render_template(f"email/{template}.subject.txt", person=person, **context).strip()
        body = render_template(f"email/{template}.txt", person=person, **context)
    message = MailMessage(
        person_id=person.id, to_address=person.email, subject=subject, body=body, created_at=now
    )
    db.session.add(message)
    log.info("mail to %s: %s\n%s", person.email, subject, body)
    return message
