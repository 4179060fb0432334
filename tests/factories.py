"""Factories for test data; they flush, tests commit when a request must see the rows."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from itertools import count

from flask import current_app
from werkzeug.security import generate_password_hash

from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.org.models import Office, Person, Role

PASSWORD = "correct horse battery"
# The test app's PASSWORD_HASH_METHOD: a real hash, but cheap (production keeps scrypt).
FAST_HASH = "pbkdf2:sha256:1000"
_numbers = count(1)


@cache
def _hash_of_password(method: str) -> str:
    """One hash of PASSWORD per method, computed once."""
    return generate_password_hash(PASSWORD, method=method)


def password_hash() -> str:
    """A hash of PASSWORD made the way the app makes hashes (PASSWORD_HASH_METHOD)."""
    return _hash_of_password(current_app.config["PASSWORD_HASH_METHOD"])


def make_office(**values) -> Office:
    """An office; name, country, time zone and language have defaults."""
    n = next(_numbers)
    values.setdefault("name", f"Office {n}")
    values.setdefault("country", "SE")
    values.setdefault("timezone", "Europe/Stockholm")
    values.setdefault("language", "en")
    office = Office(created_at=utcnow(), **values)
    db.session.add(office)
    db.session.flush()
    return office


ON_THE_ROSTER_SINCE = datetime(2024, 1, 1, tzinfo=UTC)


def make_person(office: Office | None = None, role: str = Role.EMPLOYEE, serves=(), **values) -> Person:
    """A person who can sign in with PASSWORD.

    `role` "ambassador" (as in the roster file) makes an employee who serves `serves`, else their
    own office; a person of another role serves `serves`.
    """
    n = next(_numbers)
    office = office or make_office()
    values.setdefault("email", f"person{n}@example.com")
    values.setdefault("name", f"Person {n}")
    values.setdefault("password_hash", password_hash())
    values.setdefault("start_date", date(2024, 1, 1))
    ambassador = role == "ambassador"
    # On the roster since before any test's clock (reminders apply from when someone joined it).
    values.setdefault("created_at", ON_THE_ROSTER_SINCE)
    person = Person(office=office, role=Role.EMPLOYEE if ambassador else Role(role), **values)
    person.served_offices = list(serves) or ([office] if ambassador else [])
    db.session.add(person)
    db.session.flush()
    return person


@dataclass
class SmallOrg:
    """Two offices, one of each role in the first; the ambassador serves only the first."""

    stockholm: Office
    oslo: Office
    employee: Person
    ambassador: Person
    coordinator: Person
    admin: Person
    colleague_in_oslo: Person

    def by_role(self, role: str) -> Person:
        """The person with `role`."""
        return getattr(self, role)


def small_org() -> SmallOrg:
    """Create and commit a small organisation."""
    stockholm = make_office(name="Stockholm", language="sv")
    oslo = make_office(name="Oslo", country="NO", timezone="Europe/Oslo")
    org = SmallOrg(
        stockholm=stockholm,
        oslo=oslo,
        employee=make_person(stockholm, email="employee@example.com", name="Elin Employee"),
        ambassador=make_person(
            stockholm, "ambassador", email="ambassador@example.com", name="Amir Ambassador", language="en"
        ),
        coordinator=make_person(
            stockholm,
            Role.COORDINATOR,
            email="coordinator@example.com",
            name="Cora Coordinator",
            language="en",
        ),
        admin=make_person(stockholm, Role.ADMIN, email="admin@example.com", name="Alva Admin", language="en"),
        colleague_in_oslo=make_person(oslo, email="ola@example.com", name="Ola Nordmann"),
    )
    org.employee.language = "en"
    db.session.commit()
    return org


# A module's settings form as a browser posts it for a new quiz that everyone must take.
MODULE_FORM = {
    "default_language": "en",
    "estimated_minutes": "12",
    "is_quiz": "y",
    "pass_mark": "80",
    "draw_count": "2",
    "audience": "everyone",
    "grace_days": "30",
    "validity_months": "12",
    "refresher_days": "30",
}


def make_module(
    *, title="Child protection basics", questions=6, draw=4, published=True, published_at=None, **settings
):
    """A module in English and Swedish with a pool of single-choice questions (A is right)."""
    from ambassador.training.models import Choice, Module, ModuleText, ModuleVersion, Question

    now = utcnow()
    module = Module(created_at=now, draw_count=draw, **settings)
    module.texts = [
        ModuleText(language="en", title=title, summary="What to know.", content="## Why\n\nBecause."),
        ModuleText(
            language="sv", title=f"{title} (sv)", summary="Vad du ska veta.", content="## Varför\n\nDärför."
        ),
    ]
    version = ModuleVersion(number=1, created_at=now)
    for n in range(questions):
        version.questions.append(
            Question(
                position=n,
                kind="single",
                prompt={"en": f"Question {n + 1}?", "sv": f"Fråga {n + 1}?"},
                explanation={"en": f"Because {n + 1}.", "sv": f"Därför att {n + 1}."},
                choices=[
                    Choice(position=0, correct=True, text={"en": f"Right {n + 1}", "sv": f"Rätt {n + 1}"}),
                    Choice(position=1, correct=False, text={"en": f"Wrong {n + 1}", "sv": f"Fel {n + 1}"}),
                    Choice(
                        position=2,
                        correct=False,
                        text={"en": f"Also wrong {n + 1}", "sv": f"Också fel {n + 1}"},
                    ),
                ],
            )
        )
    module.versions.append(version)
    if not questions:
        module.is_quiz = False
    db.session.add(module)
    db.session.flush()
    module.current_version = version
    if published:
        module.published = True
        module.published_at = published_at or now
    db.session.flush()
    return module
