"""Demo training: the three modules of demo/content.py and a realistic history of completions."""

import random
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ambassador.assets import services as assets
from ambassador.authoring import questions, services
from ambassador.completions.models import Completion, Method, Standing
from ambassador.completions.services import new_code
from ambassador.completions.status import add_months
from ambassador.db import db
from ambassador.demo.content import COUNTRY_CONTACTS, MODULES
from ambassador.org.models import Person, ambassador_office
from ambassador.reminders.models import PLAN_DEFAULTS, ReminderPlan
from ambassador.training.models import Audience, Module

BATCH = 5000


def create_modules(now: datetime) -> list[Module]:
    """Create and publish the demo modules through the same rules as the authoring pages."""
    modules = []
    for spec in MODULES:
        settings = services.Settings(
            default_language="en",
            estimated_minutes=spec["estimated_minutes"],
            content_warning=spec["content_warning"],
            is_quiz=spec["is_quiz"],
            pass_mark=spec["pass_mark"],
            draw_count=spec["draw_count"],
            audience=spec["audience"],
            grace_days=spec["grace_days"],
            validity_months=spec["validity_months"],
            refresher_days=spec["refresher_days"],
            workshop_eligible=spec.get("workshop_eligible", False),
        )
        module = services.save_settings(None, settings, actor=None, now=now)
        for language, text in spec["texts"].items():
            services.save_text(
                module,
                language,
                title=text["title"],
                summary=text["summary"],
                content=text["content"],
                actor=None,
                now=now,
            )
        for question in spec["questions"]:
            choices = [questions.ChoiceInput(c["text"], c["correct"]) for c in question["choices"]]
            questions.save_question(
                module,
                None,
                questions.QuestionInput(
                    question["kind"], question["prompt"], question["explanation"], choices
                ),
                actor=None,
                now=now,
            )
        # Published two years ago, so that the demo history has lapsed and renewed passes.
        services.publish(module, actor=None, now=now - timedelta(days=730))
        # Reminders began with the demo: its two years of history send no backlog.
        db.session.add(ReminderPlan(module=module, starts_at=now, **PLAN_DEFAULTS))
        modules.append(module)
    for country, texts in COUNTRY_CONTACTS.items():
        contacts = {language: assets.ContactText(**text) for language, text in texts.items()}
        assets.save_contacts(country, contacts, languages=texts.keys(), actor=None, now=now)
    db.session.flush()
    return modules


def _completed_at(module: Module, now: datetime, rng: random.Random) -> datetime | None:
    """A last completion date giving a mix: mostly current, some in the refresher window, some lapsed."""
    roll = rng.random()
    validity = (add_months(now, module.validity_months) - now).days
    if roll < 0.12:
        return None  # never done
    if roll < 0.25:
        return now - timedelta(days=validity + rng.randint(1, 200))  # lapsed
    if roll < 0.40:
        return now - timedelta(days=validity - rng.randint(1, module.refresher_days))  # refresher open
    return now - timedelta(days=rng.randint(1, max(2, validity - module.refresher_days - 1)))


def _completion(module: Module, person_id: int, completed: datetime, now: datetime) -> dict:
    """A completion row of the demo history."""
    return {
        "person_id": person_id,
        "module_id": module.id,
        "version_id": module.current_version_id,
        "method": Method.QUIZ.value if module.is_quiz else Method.ACKNOWLEDGEMENT.value,
        "completed_at": completed,
        "expires_at": add_months(completed, module.validity_months),
        "code": new_code(),
        "created_at": now,
    }


def seed_history(modules: list[Module], now: datetime, rng: random.Random, progress=None) -> int:
    """Insert completions and standings in bulk for everyone the modules are required of."""
    advance = progress or (lambda n: None)
    serving = sa.select(ambassador_office.c.person_id).where(ambassador_office.c.person_id == Person.id)
    people = db.session.execute(
        sa.select(Person.id, serving.exists().label("serves")).where(Person.active.is_(True))
    ).all()
    total = 0
    for module in modules:
        audience = [p for p in people if module.audience != Audience.AMBASSADORS or p.serves]
        completions = []
        for person in audience:
            completed = _completed_at(module, now, rng)
            if completed is None:
                continue
            completions.append(_completion(module, person.id, completed, now))
            if rng.random() < 0.85:  # most had passed the cycle before too: the trend has a history
                earlier = completed - timedelta(days=rng.randint(300, 400))
                completions.append(_completion(module, person.id, earlier, now))
        for start in range(0, len(completions), BATCH):
            chunk = completions[start : start + BATCH]
            db.session.execute(sa.insert(Completion), chunk)
            advance(len(chunk))
        # The standing is each person's latest completion of the module.
        previous = aliased(Completion)
        latest = sa.select(sa.func.max(previous.completed_at)).where(
            previous.person_id == Completion.person_id, previous.module_id == Completion.module_id
        )
        db.session.execute(
            sa.insert(Standing).from_select(
                ["person_id", "module_id", "completion_id", "completed_at", "expires_at"],
                sa.select(
                    Completion.person_id,
                    Completion.module_id,
                    Completion.id,
                    Completion.completed_at,
                    Completion.expires_at,
                )
                .where(Completion.module_id == module.id)
                .where(Completion.completed_at == latest.scalar_subquery()),
            )
        )
        total += len(completions)
    return total
