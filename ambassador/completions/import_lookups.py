"""What an import of past completions looks up: modules by number or title, people by email,
certificate codes in use and the history already recorded. Each look-up is one statement per
batch of the file's values, however large the database.
"""

from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from ambassador.completions.models import Completion
from ambassador.db import db
from ambassador.importing.bulk import batches
from ambassador.org.models import Person
from ambassador.training.models import Module

DIGITS = frozenset("0123456789")


def _fold(title: str) -> str:
    """A title compared ignoring case and repeated spaces."""
    return " ".join(title.split()).casefold()


class Modules:
    """Every module, by number and by each of its titles."""

    def __init__(self):
        modules = db.session.scalars(sa.select(Module).options(selectinload(Module.texts)))
        self.by_id = {module.id: module for module in modules}
        self.by_title: dict[str, set[int]] = defaultdict(set)
        for module in self.by_id.values():
            for text in module.texts:
                self.by_title[_fold(text.title)].add(module.id)

    def find(self, value: str) -> tuple[Module | None, str | None]:
        """The module a row names, or None and why not."""
        if set(value) <= DIGITS:
            module = self.by_id.get(int(value))
            return (module, None) if module else (None, _l("There is no module number %(n)s.", n=value))
        ids = self.by_title.get(_fold(value), set())
        if len(ids) == 1:
            return self.by_id[next(iter(ids))], None
        if not ids:
            return None, _l("There is no module called “%(module)s”.", module=value)
        return None, _l(
            "“%(module)s” is the title of more than one module (numbers %(numbers)s); "
            "write the module's number instead.",
            module=value,
            numbers=", ".join(str(n) for n in sorted(ids)),
        )


def people_by_email(emails: set[str]) -> dict[str, int]:
    """Person id by email, active or deactivated, for the emails given."""
    found: dict[str, int] = {}
    for chunk in batches(sorted(emails)):
        query = sa.select(Person.email, Person.id).where(Person.email.in_(chunk))
        found.update(db.session.execute(query).tuples().all())
    return found


def codes_in_use(codes: set[str]) -> set[str]:
    """The codes among `codes` that completions already carry."""
    used: set[str] = set()
    for chunk in batches(sorted(codes)):
        used.update(db.session.scalars(sa.select(Completion.code).where(Completion.code.in_(chunk))))
    return used


def history(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], list[tuple[datetime, datetime]]]:
    """(completed, expires) of every recorded completion of these (person, module) pairs."""
    found = defaultdict(list)
    module_ids = sorted({module_id for _person_id, module_id in pairs})
    for chunk in batches(sorted({person_id for person_id, _module_id in pairs})):
        # The range leads the (person, module) index to the chunk's rows even where the table has
        # no statistics yet; the IN list alone made PostgreSQL filter the whole table per chunk.
        query = sa.select(
            Completion.person_id, Completion.module_id, Completion.completed_at, Completion.expires_at
        ).where(
            Completion.person_id.between(chunk[0], chunk[-1]),
            Completion.person_id.in_(chunk),
            Completion.module_id.in_(module_ids),
        )
        for person_id, module_id, completed_at, expires_at in db.session.execute(query):
            if (person_id, module_id) in pairs:
                found[person_id, module_id].append((completed_at, expires_at))
    return found
