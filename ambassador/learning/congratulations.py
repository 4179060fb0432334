"""The "you're done" email: after a pass, the module, the new expiry and the certificate link.

Queued in the transaction that records the completion, once per completion (key
`done:<completion id>`), so a double submit, which records one completion, sends one email.
"""

from datetime import datetime

from ambassador.clock import local_day
from ambassador.completions.models import Completion
from ambassador.mail.services import queue
from ambassador.training.models import Module
from ambassador.web import external_url

KIND = "done"


def congratulate(person, module: Module, completion: Completion, now: datetime) -> None:
    """Queue the congratulation for a completion; the caller commits.

    The expiry is the day it falls on in the person's office, in their language.
    """
    queue(
        person,
        KIND,
        "done",
        key=f"{KIND}:{completion.id}",
        now=now,
        context={
            "title": module.text(person.locale).title,
            "expires": local_day(completion.expires_at, person.office.timezone),
            "code": completion.code,
            "link": external_url("completions.certificate", code=completion.code),
        },
    )
