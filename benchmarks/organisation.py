"""The organisation of the scale benchmarks: the demo seed with 17 more modules (20 in all), with history.

The reminders and coverage benchmarks import `build`; it runs on an empty, migrated database.
"""

import random
from datetime import datetime, timedelta

import sqlalchemy as sa

from ambassador.authoring import services as authoring
from ambassador.db import db
from ambassador.demo import training
from ambassador.demo.seed import seed
from ambassador.org.models import Office
from ambassador.training.models import Audience, Module

MODULES = 20
# (audience, countries) of the modules added to the demo's three, in turn.
AUDIENCES = [
    (Audience.EVERYONE, []),
    (Audience.COUNTRIES, ["SE"]),
    (Audience.EVERYONE, []),
    (Audience.OFFICES, []),
    (Audience.COUNTRIES, ["NO", "DK", "FI"]),
    (Audience.AMBASSADORS, []),
    (Audience.EVERYONE, []),
    (Audience.COUNTRIES, ["CO", "GT", "PY"]),
]


def more_modules(count: int, now: datetime, rng: random.Random) -> list[Module]:
    """`count` published acknowledgements with mixed audiences, validity and windows, texts in en and sv."""
    office_ids = list(db.session.scalars(sa.select(Office.id)))
    modules = []
    for n in range(count):
        audience, countries = AUDIENCES[n % len(AUDIENCES)]
        settings = authoring.Settings(
            is_quiz=False,
            audience=audience,
            countries=countries,
            office_ids=rng.sample(office_ids, k=min(len(office_ids), 50)),
            grace_days=(14, 30, 60)[n % 3],
            validity_months=(12, 24, 36)[n % 3],
            refresher_days=(30, 60)[n % 2],
            estimated_minutes=5 + n,
        )
        module = authoring.save_settings(None, settings, actor=None, now=now)
        for language, title in (("en", f"Policy {n + 4}"), ("sv", f"Policy {n + 4} (sv)")):
            authoring.save_text(
                module, language, title=title, summary="", content="Read me.", actor=None, now=now
            )
        authoring.publish(module, actor=None, now=now - timedelta(days=rng.randint(200, 900)))
        modules.append(module)
    db.session.flush()
    return modules


def build(employees: int, offices: int, now: datetime, progress) -> tuple[dict, list[Module]]:
    """The demo organisation with 20 published modules and their history; the counts and the added modules.

    `progress(n)` is called as people and completions go in (the caller commits).
    """
    counts = seed(employees, offices, now, progress=progress)
    rng = random.Random(11)
    extra = more_modules(MODULES - counts["modules"], now, rng)
    counts["completions"] += training.seed_history(extra, now, rng, progress)
    counts["modules"] = MODULES
    return counts, extra
