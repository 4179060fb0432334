"""A realistic demo organisation, inserted in bulk."""

import random
from collections.abc import Callable
from datetime import date, timedelta

import sqlalchemy as sa

from ambassador.auth.services import set_password
from ambassador.completions.models import Method
from ambassador.completions.services import record_completion
from ambassador.db import db
from ambassador.demo import training
from ambassador.org.models import Office, Person, Role, ambassador_office

DEMO_PASSWORD = "ambassador-demo"
# email -> (name, role, offices served as ambassador, what `make run` prints)
DEMO_SIGN_INS = {
    "admin@example.com": ("Alva Admin", Role.ADMIN, 0, "administrator"),
    "coordinator@example.com": ("Cora Coordinator", Role.COORDINATOR, 1, "coordinator, also an ambassador"),
    "ambassador@example.com": ("Amir Ambassador", Role.EMPLOYEE, 2, "ambassador of two offices"),
    "employee@example.com": ("Elin Employee", Role.EMPLOYEE, 0, "employee"),
}

# (city, country, time zone, language); the first is the head office.
CITIES = [
    ("Stockholm", "SE", "Europe/Stockholm", "sv"),
    ("Göteborg", "SE", "Europe/Stockholm", "sv"),
    ("Malmö", "SE", "Europe/Stockholm", "sv"),
    ("Umeå", "SE", "Europe/Stockholm", "sv"),
    ("Karlskrona", "SE", "Europe/Stockholm", "sv"),
    ("Oslo", "NO", "Europe/Oslo", "en"),
    ("Copenhagen", "DK", "Europe/Copenhagen", "en"),
    ("Helsinki", "FI", "Europe/Helsinki", "en"),
    ("Bogotá", "CO", "America/Bogota", "en"),
    ("Guatemala City", "GT", "America/Guatemala", "en"),
    ("Asunción", "PY", "America/Asuncion", "en"),
    ("Dar es Salaam", "TZ", "Africa/Dar_es_Salaam", "en"),
    ("Accra", "GH", "Africa/Accra", "en"),
    ("Kigali", "RW", "Africa/Kigali", "en"),
    ("Dhaka", "BD", "Asia/Dhaka", "en"),
    ("Kuala Lumpur", "MY", "Asia/Kuala_Lumpur", "en"),
]
FIRST = (
    "Anna Erik Maria Lars Karin Ahmed Fatima Juan Camila Kwame Ama Nils Sofia Diego Amina Jonas Ingrid "
    "Luis Grace Omar"
).split()
LAST = (
    "Andersson Johansson Karlsson Nilsson Hansen García Rodríguez Mensah Boateng Ali Hassan Virtanen "
    "Korhonen Berg Lindqvist Mwangi Uwimana Rahman Tan Olsen"
).split()


def _offices(count: int, rng: random.Random) -> list[dict]:
    """Office rows: the real cities first, then numbered branches of them."""
    rows = []
    for index in range(count):
        city, country, tz, language = CITIES[index % len(CITIES)]
        suffix = "" if index < len(CITIES) else f" {index // len(CITIES) + 1}"
        name = f"{city} HQ" if index == 0 else f"{city}{suffix}"
        rows.append({"name": name, "country": country, "timezone": tz, "language": language})
    return rows


def _sizes(employees: int, offices: int, rng: random.Random) -> list[int]:
    """Very different office sizes: a few large offices and a long tail of small ones."""
    weights = [1 / (rank + 1) ** 0.9 for rank in range(offices)]
    total = sum(weights)
    sizes = [max(1, int(employees * w / total)) for w in weights]
    sizes[0] += employees - sum(sizes)
    return sizes


def seed(
    employees: int, offices: int, now, progress: Callable[[int], None] | None = None, seed_value: int = 7
) -> dict:
    """Insert offices, people, ambassadors, modules and completions; the database must be empty."""
    rng = random.Random(seed_value)
    advance = progress or (lambda n: None)
    office_rows = _offices(offices, rng)
    for row in office_rows:
        row["created_at"] = now
    db.session.execute(sa.insert(Office), office_rows)
    office_ids = list(db.session.scalars(sa.select(Office.id).order_by(Office.id)))
    people_count = _insert_people(employees, office_ids, _sizes(employees, offices, rng), rng, now, advance)
    ambassadors = _appoint_ambassadors(office_ids, rng)
    modules = training.create_modules(now)
    completions = training.seed_history(modules, now, rng, advance)
    _demo_sign_ins(office_ids, now)
    _demo_sign_in_history(modules, now)
    return {
        "offices": len(office_ids),
        "people": people_count + len(DEMO_SIGN_INS),
        "ambassadors": ambassadors,
        "modules": len(modules),
        "completions": completions,
    }


def _insert_people(employees, office_ids, sizes, rng, now, advance) -> int:
    """Bulk-insert employees in batches; no password (they use the reset link)."""
    batch, number = [], 0
    today = now.date()
    for office_id, size in zip(office_ids, sizes, strict=True):
        for _ in range(size):
            number += 1
            first, last = rng.choice(FIRST), rng.choice(LAST)
            # Most people joined years ago; some are new joiners from the last weeks.
            days = rng.randint(0, 45) if rng.random() < 0.05 else rng.randint(60, 3650)
            batch.append(
                {
                    "email": f"{first}.{last}.{number}@example.com".lower(),
                    "name": f"{first} {last}",
                    "office_id": office_id,
                    "role": Role.EMPLOYEE.value,
                    "employee_id": f"E{number:06d}",
                    "start_date": today - timedelta(days=days),
                    "active": True,
                    "created_at": now,
                }
            )
            if len(batch) == 5000:
                db.session.execute(sa.insert(Person), batch)
                advance(len(batch))
                batch = []
    if batch:
        db.session.execute(sa.insert(Person), batch)
        advance(len(batch))
    return number


def _appoint_ambassadors(office_ids: list[int], rng: random.Random) -> int:
    """About three offices in four get one to three ambassadors; the rest have none."""
    links = []
    for office_id in office_ids[1:]:
        if rng.random() < 0.25:
            continue
        staff = db.session.scalars(sa.select(Person.id).where(Person.office_id == office_id).limit(40)).all()
        for person_id in rng.sample(staff, k=min(len(staff), rng.randint(1, 3))):
            links.append({"person_id": person_id, "office_id": office_id})
    if links:
        db.session.execute(sa.insert(ambassador_office), links)
    return len(links)


def _demo_sign_ins(office_ids: list[int], now) -> None:
    """The four demo sign-ins, in the head office; the ambassador serves two offices, the coordinator one."""
    head = db.session.get(Office, office_ids[0])
    for email, (name, role, serves, _label) in DEMO_SIGN_INS.items():
        person = Person(
            email=email,
            name=name,
            office=head,
            role=role,
            language="en",
            active=True,
            start_date=date(2020, 1, 15),
            created_at=now,
        )
        set_password(person, DEMO_PASSWORD)
        person.served_offices = [db.session.get(Office, oid) for oid in office_ids[:serves]]
        db.session.add(person)
    db.session.flush()


def _demo_sign_in_history(modules, now) -> None:
    """The demo employee has acknowledged the reporting policy and has the rest to do."""
    employee = db.session.scalar(sa.select(Person).where(Person.email == "employee@example.com"))
    for module in modules:
        if not module.is_quiz:
            record_completion(
                employee,
                module,
                method=Method.ACKNOWLEDGEMENT,
                completed_at=now - timedelta(days=40),
                version=module.current_version,
            )


def is_empty() -> bool:
    """True when there are no people and no offices yet."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 0 and (
        db.session.scalar(sa.select(sa.func.count()).select_from(Office)) == 0
    )
