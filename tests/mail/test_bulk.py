"""Queueing many at once: every message exactly as one queued alone, each key once."""

from dataclasses import replace

import pytest
import sqlalchemy as sa
from jinja2 import ChoiceLoader, DictLoader

from ambassador.db import db
from ambassador.mail.bulk import Bulk, queue_rows
from ambassador.mail.models import OutboxMessage
from ambassador.mail.services import Addressee, render, row, taken_keys
from tests.factories import make_person

NAMES = [
    "Anna <b>Berg</b>",
    'Seán O\'Brien & "Co"',
    "Line\nbreak",
    "%(name)s {{ x }}",
    "Åsa ⟦name⟧ ⟦due⟧",
]
REMINDER = {"title": "Basics", "step": "before", "days": 7, "minutes": 12}


def _parts(row: dict) -> tuple:
    """Subject, text and HTML of an outbox row."""
    return row["subject"], row["text_body"], row["html_body"]


def _to(person, **fields) -> Addressee:
    """`person` as a bulk message's addressee."""
    return Addressee(person.id, person.email, person.name, person.locale, f"k{person.id}", fields)


@pytest.mark.parametrize("language", ["en", "sv"])
def test_each_message_is_exactly_what_rendering_it_alone_gives(app, org, language, now):
    reminders = Bulk("reminder", "reminder", now)
    for name in NAMES:
        person = make_person(org.stockholm, name=name, language=language)
        context = {**REMINDER, "link": "https://ambassador.test/training/1"}
        due = "9 March 2026" if language == "en" else "9 mars 2026"
        alone = render("reminder", person, {**context, "due": due})
        assert _parts(reminders.row(_to(person, due=due), context)) == alone
        assert due in alone[1] and person.name in alone[1]
    resets = Bulk("password_reset", "password_reset", now)
    context = {"link": "https://ambassador.test/auth/reset/abc", "minutes": 60}
    assert _parts(resets.row(_to(person), context)) == render("password_reset", person, context)


def test_a_title_that_looks_like_a_placeholder_is_written_as_it_is(app, org, now):
    person = make_person(org.stockholm, name="Anna", language="en")
    context = {**REMINDER, "title": "Basics ⟦name⟧", "link": "https://ambassador.test/training/1"}
    row = Bulk("reminder", "reminder", now).row(_to(person, due="9 March 2026"), context)
    assert row["subject"] == "Due in 7 days: Basics ⟦name⟧"


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
def test_a_template_that_changes_the_name_is_rendered_for_each_person(app, org, odd_templates, template, now):
    odd = Bulk("test", template, now)
    for name in ["Anna", "Bo  Berg"]:
        person = make_person(org.stockholm, name=name)
        assert _parts(odd.row(_to(person))) == render(template, person, {})


def test_rows_already_queued_are_skipped_and_counted_once(app, org, now):
    parts = ("Subject", "Text", None)
    to = _to(org.employee)
    rows = [row(replace(to, key=f"k{n}"), "test", parts, f"<{n}@x>", now) for n in range(3)]
    assert queue_rows(rows[:2]) == 2
    assert taken_keys(["k0", "k2", "k9"]) == {"k0"}
    fresh = [row(replace(to, key=f"k{n}"), "test", parts, f"<{n}@y>", now) for n in range(3)]
    assert queue_rows(fresh) == 1
    keys = db.session.scalars(sa.select(OutboxMessage.key).order_by(OutboxMessage.key)).all()
    assert keys == ["k0", "k1", "k2"]


def test_a_context_that_cannot_be_a_key_is_rendered_for_each_person(app, org, now):
    person = make_person(org.stockholm, name="Anna", language="en")
    context = {"link": "https://ambassador.test/auth/reset/abc", "minutes": 60, "extra": ["a list"]}
    row = Bulk("password_reset", "password_reset", now).row(_to(person), context)
    assert _parts(row) == render("password_reset", person, context)
