"""Fixtures for the outbox: messages queued to people (the movable clock is in tests/conftest.py)."""

from datetime import datetime

import pytest

from ambassador.db import db
from ambassador.mail.services import queue
from tests.factories import make_person


def queue_reset(person, key: str, now: datetime, **kwargs):
    """Queue a password-reset email to `person` under `key`."""
    context = {"link": "https://ambassador.test/auth/reset/abc", "minutes": 60}
    return queue(person, "password_reset", "password_reset", key=key, now=now, context=context, **kwargs)


@pytest.fixture
def queued(org):
    """A factory: `queued(n)` queues one message to each of n new people and commits; returns the people."""

    def make(count: int, now: datetime, office=None, **person_values):
        people = [make_person(office or org.stockholm, **person_values) for _ in range(count)]
        for person in people:
            queue_reset(person, f"test:{person.id}", now)
        db.session.commit()
        return people

    return make
