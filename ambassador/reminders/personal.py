"""What reminders keep about a person: nudges received and sent; their digests and nudges name others."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from ambassador.db import db
from ambassador.mail.personal import scrub_messages
from ambassador.org.models import Person
from ambassador.personal import Column, Erasure, Section
from ambassador.reminders.digests import DIGEST
from ambassador.reminders.models import Nudge
from ambassador.reminders.nudges import KIND as NUDGE
from ambassador.training.queries import module_titles


def export(person) -> list[Section]:
    """Nudges the person received (from whom, about what, when) and nudges they sent (when, about what)."""
    titles = module_titles(person.locale)
    sender = aliased(Person)
    received = db.session.execute(
        sa.select(Nudge.at, Nudge.module_id, sender.name)
        .outerjoin(sender, sender.id == Nudge.sent_by_id)
        .where(Nudge.person_id == person.id)
        .order_by(Nudge.at)
    )
    sent = db.session.execute(
        sa.select(Nudge.at, Nudge.module_id).where(Nudge.sent_by_id == person.id).order_by(Nudge.at)
    )
    when, module = Column("at", _l("When")), Column("module", _l("Module"))
    return [
        Section(
            "nudges_received",
            _l("Nudges from your ambassadors"),
            (when, module, Column("sent_by", _l("From"))),
            [
                {"at": at, "module": titles.get(module_id, ""), "module_id": module_id, "sent_by": name}
                for at, module_id, name in received
            ],
        ),
        Section(
            "nudges_sent",
            _l("Nudges you sent"),
            (when, module),
            [
                {"at": at, "module": titles.get(module_id, ""), "module_id": module_id}
                for at, module_id in sent
            ],
            note=_l("Whom you nudged is part of their data, not yours."),
        ),
    ]


def erase(erasures: list[Erasure], now: datetime) -> None:
    """Digests (which list colleagues) and nudges (which name the ambassador) name the pseudonyms."""
    scrub_messages((DIGEST, NUDGE), erasures)
