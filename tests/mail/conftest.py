"""Fixtures for the outbox: a clock that tests move, and messages queued to people."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from ambassador import clock
from ambassador.db import db
from ambassador.mail.services import queue
from tests.factories import make_person


@dataclass
class MovableClock:
    """The time every clock-reading function sees, moved on by the test."""

    now: datetime

    def advance(self, **delta) -> datetime:
        """Move the time on by a timedelta's arguments and return the new time."""
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def movable_clock():
    """A clock starting on a Monday morning that the test moves on."""
    moving = MovableClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    clock.set_clock(lambda: moving.now)
    return moving


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
