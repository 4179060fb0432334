"""Queueing many at once: every message exactly as one queued alone, each key once."""

from datetime import date

import pytest
import sqlalchemy as sa
from jinja2 import ChoiceLoader, DictLoader

from ambassador.db import db
from ambassador.mail import bulk
from ambassador.mail.models import OutboxMessage
from ambassador.mail.services import message_row, render, taken_keys
from tests.factories import make_person

NAMES = [
    "Anna <b>Berg</b>",
    'Seán O\'Brien & "Co"',
    "Line\nbreak",
    "%(name)s {{ x }}",
    "Åsa ambassadorrecipientname",
]
REMINDER = {"title": "Basics", "step": "before", "due": date(2026, 3, 9), "days": 7, "minutes": 12}


@pytest.mark.parametrize("language", ["en", "sv"])
def test_each_message_is_exactly_what_rendering_it_alone_gives(app, org, language):
    renderer = bulk.Renderer("reminder")
    for name in NAMES:
        person = make_person(org.stockholm, name=name, language=language)
        context = {**REMINDER, "link": "https://ambassador.test/training/1"}
        assert renderer.render(person, context) == render("reminder", person, context)
    reset = bulk.Renderer("password_reset")
    context = {"link": "https://ambassador.test/auth/reset/abc", "minutes": 60}
    assert reset.render(person, context) == render("password_reset", person, context)


@pytest.fixture
def odd_templates(app):
    """Email templates that read more of the person than the name, change it, or put it in the subject."""
    extra = DictLoader(
        {
            "email/reads_email.subject.txt": "Hi",
            "email/reads_email.txt": "{{ person.name }} at {{ person.email }}",
            "email/shouts.subject.txt": "Hi",
            "email/shouts.txt": "{{ person.name|upper }}!",
            "email/named.subject.txt": "For {{ person.name }}",
            "email/named.txt": "Hello {{ person.name }}",
        }
    )
    original = app.jinja_env.loader
    app.jinja_env.loader = ChoiceLoader([extra, original])
    yield
    app.jinja_env.loader = original


@pytest.mark.parametrize("template", ["reads_email", "shouts", "named"])
def test_a_template_that_needs_more_than_the_name_is_rendered_for_each_person(
    app, org, odd_templates, template
):
    renderer = bulk.Renderer(template)
    for name in ["Anna", "Bo  Berg"]:
        person = make_person(org.stockholm, name=name)
        assert renderer.render(person, {}) == render(template, person, {})


def test_rows_already_queued_are_skipped_and_counted_once(app, org, now):
    parts = ("Subject", "Text", None)
    rows = [message_row(org.employee, "test", f"k{n}", parts, now=now) for n in range(3)]
    assert bulk.queue_rows(rows[:2]) == 2
    assert taken_keys(["k0", "k2", "k9"]) == {"k0"}
    fresh = [message_row(org.employee, "test", f"k{n}", parts, now=now) for n in range(3)]
    assert bulk.queue_rows(fresh) == 1
    keys = db.session.scalars(sa.select(OutboxMessage.key).order_by(OutboxMessage.key)).all()
    assert keys == ["k0", "k1", "k2"]
