"""Importing an HR export: a plan (the preview) and applying it, all or nothing.

Rules:
- People are matched by email, ignoring case. Office names must exist (ignoring case).
- A blank role, language, employee id or start date keeps what the person has (a new
  person gets the employee role and their office's language).
- The role `ambassador` means an employee who serves their own office as an ambassador
  (`org.services.serve_own_office`); an ambassador who already serves offices keeps them.
  Other roles set what the person may administer and leave their ambassador posts alone.
- A full roster also deactivates every active person missing from the file, except the
  administrator running the import. People are never deleted.
- Someone listed in the file who was deactivated is reactivated.
- Each person created is emailed an invitation to choose a password (`auth.invitations`),
  unless the administrator turns that off for the import; reactivated people are not.
- An import that would leave no active administrator is refused.
- Any bad row stops the import: nothing is written until the file is clean.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.audit.services import diff, record, record_many
from ambassador.auth import invitations
from ambassador.db import db
from ambassador.importing.bulk import batches, counted
from ambassador.org.models import Office, Person, Role, ambassador_office
from ambassador.org.services import (
    ACTIVE_CHANGE,
    OrgError,
    check_admins_remain,
    mark_deactivated,
    serve_own_office,
)
from ambassador.roster.parse import FileError, RosterRow, RowError, parse

__all__ = ["FileError", "parse", "plan_import", "apply_import", "summarise"]

LIST_LIMIT = 200  # people listed by name in a preview or an import's record, per kind
FIELDS = ("name", "office_id", "role", "language", "employee_id", "start_date")
AMBASSADOR = "ambassador"  # in the role column: an employee who serves their own office
ROSTER_ROLES = frozenset({*(role.value for role in Role), AMBASSADOR})
Progress = Callable[[int], None]


@dataclass
class PlannedRow:
    """A row to create or update, with the fields that change."""

    line: int
    email: str
    name: str
    values: dict
    changed: tuple[str, ...] = ()
    person_id: int | None = None
    serves: bool = False  # named an ambassador: serves their own office unless they serve some
    before: dict = field(default_factory=dict)  # the old value of each changed field (the audit log)


@dataclass
class RosterPlan:
    """What an import would do; nothing has been written."""

    encoding: str
    delimiter: str
    full: bool
    rows_read: int = 0
    creates: list[PlannedRow] = field(default_factory=list)
    updates: list[PlannedRow] = field(default_factory=list)
    deactivations: list[tuple[int, str, str]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    problems: list = field(default_factory=list)
    invited: int = 0  # invitations queued when the plan was applied

    @property
    def ok(self) -> bool:
        """True when nothing stops the import."""
        return not self.errors and not self.problems

    @property
    def writes(self) -> int:
        """How many people the import writes."""
        return len(self.creates) + len(self.updates) + len(self.deactivations)


def _existing() -> dict[str, sa.Row]:
    """Everyone on the roster, by email, in one statement."""
    serving = sa.select(ambassador_office.c.person_id).where(ambassador_office.c.person_id == Person.id)
    columns = (Person.id, Person.email, Person.active, *(getattr(Person, f) for f in FIELDS))
    query = sa.select(*columns, serving.exists().label("serves"))
    return {row.email: row for row in db.session.execute(query)}


def _offices() -> dict[str, tuple[int, str]]:
    """Office name in lower case -> (id, language)."""
    rows = db.session.execute(sa.select(Office.name, Office.id, Office.language))
    return {name.lower(): (office_id, language) for name, office_id, language in rows}


class _Checker:
    """Checks rows against the database and each other, and sorts them into the plan."""

    def __init__(self, plan: RosterPlan, languages: Iterable[str]):
        self.plan, self.languages = plan, set(languages)
        self.existing, self.offices = _existing(), _offices()
        self.by_employee_id = {r.employee_id: r.email for r in self.existing.values() if r.employee_id}
        self.seen_email: dict[str, int] = {}
        self.seen_employee_id: dict[str, int] = {}

    def error(self, row: RosterRow) -> str | None:
        """The reason a row cannot be imported, or None."""
        if row.email in self.seen_email:
            return _l(
                "The email %(email)s is also on line %(line)s.",
                email=row.email,
                line=self.seen_email[row.email],
            )
        if row.office.lower() not in self.offices:
            return _l("There is no office called “%(office)s”.", office=row.office)
        if row.role and row.role not in ROSTER_ROLES:
            return _l(
                "“%(role)s” is not a role; use employee, ambassador, coordinator or admin.", role=row.role
            )
        if row.language and row.language not in self.languages:
            return _l(
                "“%(language)s” is not a language; use %(choices)s.",
                language=row.language,
                choices=", ".join(sorted(self.languages)),
            )
        if row.employee_id:
            if row.employee_id in self.seen_employee_id:
                return _l(
                    "The employee id %(id)s is also on line %(line)s.",
                    id=row.employee_id,
                    line=self.seen_employee_id[row.employee_id],
                )
            owner = self.by_employee_id.get(row.employee_id)
            if owner and owner != row.email:
                return _l("The employee id %(id)s belongs to %(email)s.", id=row.employee_id, email=owner)
        return None

    def add(self, row: RosterRow) -> None:
        """Check one row and file it as an error, a create, an update or unchanged."""
        message = self.error(row)
        self.seen_email.setdefault(row.email, row.line)
        if row.employee_id:
            self.seen_employee_id.setdefault(row.employee_id, row.line)
        if message:
            self.plan.errors.append(RowError(row.line, message))
            return
        office_id, _language = self.offices[row.office.lower()]
        values = {"name": row.name, "office_id": office_id}
        serves = row.role == AMBASSADOR
        optional = {
            "role": Role.EMPLOYEE.value if serves else row.role,
            "language": row.language,
            "employee_id": row.employee_id,
            "start_date": row.start_date,
        }
        values.update({key: value for key, value in optional.items() if value})
        current = self.existing.get(row.email)
        if current is None:
            values.setdefault("role", Role.EMPLOYEE.value)
            self.plan.creates.append(PlannedRow(row.line, row.email, row.name, values, serves=serves))
            return
        changed = tuple(key for key, value in values.items() if getattr(current, key) != value)
        if serves and not current.serves:
            changed += ("ambassador",)
        if not current.active:
            changed += ("active",)
        if changed:
            before = {key: getattr(current, key) for key in changed if key in FIELDS}
            before |= {"ambassador": current.serves, "active": current.active}
            planned = PlannedRow(row.line, row.email, row.name, values, changed, current.id, serves, before)
            self.plan.updates.append(planned)
        else:
            self.plan.unchanged += 1


def _admins_left(plan: RosterPlan, existing: dict[str, sa.Row]) -> int:
    """Active administrators after the plan would be applied."""
    gone = {person_id for person_id, _email, _name in plan.deactivations}
    admins = {r.email for r in existing.values() if r.role == Role.ADMIN and r.active and r.id not in gone}
    for planned in plan.updates:
        role = planned.values.get("role")
        if role == Role.ADMIN:
            admins.add(planned.email)
        elif role:
            admins.discard(planned.email)
    return len(admins) + sum(1 for p in plan.creates if p.values["role"] == Role.ADMIN)


def plan_import(
    data: bytes,
    *,
    full: bool,
    actor_id: int | None,
    languages: Iterable[str],
    progress: Progress | None = None,
) -> RosterPlan:
    """Read and check a roster file against the database; write nothing.

    Raises FileError when the file as a whole cannot be read.
    """
    parsed = parse(data)
    plan = RosterPlan(
        encoding=parsed.encoding, delimiter=parsed.delimiter, full=full, errors=list(parsed.errors)
    )
    plan.rows_read = len(parsed.rows) + len(parsed.errors)
    checker = _Checker(plan, languages)
    for row in counted(parsed.rows, progress):
        checker.add(row)
    plan.errors.sort(key=lambda error: error.line)
    if full:
        plan.deactivations = [
            (r.id, r.email, r.name)
            for email, r in checker.existing.items()
            if r.active and email not in checker.seen_email and r.id != actor_id
        ]
    if not plan.errors:
        try:
            check_admins_remain(_admins_left(plan, checker.existing))
        except OrgError as error:
            plan.problems.append(error.message)
    return plan


def _appoint_ambassadors(plan: RosterPlan) -> None:
    """People named ambassadors serve their own office unless they already serve some."""
    emails = [p.email for p in plan.creates + plan.updates if p.serves]
    for chunk in batches(emails):
        serve_own_office(list(db.session.scalars(sa.select(Person.id).where(Person.email.in_(chunk)))))


def apply_import(
    plan: RosterPlan,
    *,
    actor: Person | None,
    filename: str,
    now: datetime,
    invite: bool = True,
    progress: Progress | None = None,
) -> None:
    """Write a clean plan in bulk, inviting the people it creates unless `invite` is off.

    The caller commits once, so it is all or nothing, invitations included.
    """
    if not plan.ok:
        raise ValueError("a plan with errors cannot be applied")
    advance = progress or (lambda n: None)
    created: dict[str, int] = {}  # email -> id
    for chunk in batches(plan.creates):
        rows = [{"email": p.email, "active": True, "created_at": now, **p.values} for p in chunk]
        created.update(db.session.execute(sa.insert(Person).returning(Person.email, Person.id), rows).all())
        advance(len(chunk))
    for chunk in batches(plan.updates):
        rows = [{"id": p.person_id, "active": True, "deactivated_at": None, **p.values} for p in chunk]
        db.session.execute(sa.update(Person), rows)
        advance(len(chunk))
    for chunk in batches([person_id for person_id, _e, _n in plan.deactivations]):
        mark_deactivated(chunk, now)
        advance(len(chunk))
    _appoint_ambassadors(plan)
    plan.invited = invitations.invite(list(created.values()), now) if invite else 0
    kind = "full" if plan.full else "partial"
    counts = f"{len(plan.creates)} created, {len(plan.updates)} updated"
    summary = f"{filename} ({kind}): {counts}, {len(plan.deactivations)} deactivated, {plan.invited} invited"
    record(actor, "roster.imported", summary, now)
    record_many(actor, _person_events(plan, created, filename), now)


def _person_events(plan: RosterPlan, created: dict[str, int], filename: str) -> Iterator[tuple]:
    """One audit event per person the import created, changed or deactivated, with what changed."""
    offices = dict(db.session.execute(sa.select(Office.id, Office.name)).all())

    def described(values: dict) -> dict:
        """Field values as the log writes them: the office by name."""
        if "office_id" in values:
            values = {**values, "office": offices.get(values["office_id"])}
            del values["office_id"]
        return values

    source = f"roster import {filename}"
    for planned in plan.creates:
        after = described({"email": planned.email, **planned.values, "ambassador": planned.serves or None})
        yield "person.created", f"{planned.email}, {source}", diff({}, after), created[planned.email]
    for planned in plan.updates:
        after = described({key: planned.values.get(key) for key in planned.changed if key in FIELDS})
        after |= {"ambassador": planned.before["ambassador"] or planned.serves, "active": True}
        changes = diff(described(planned.before), after)
        yield "person.updated", f"{planned.email}, {source}", changes, planned.person_id
    for person_id, email, _name in plan.deactivations:
        yield "person.deactivated", f"{email}, {source}", ACTIVE_CHANGE[False], person_id


def summarise(plan: RosterPlan, limit: int = LIST_LIMIT) -> dict:
    """What an applied plan did, as JSON: the counts and the first `limit` people of each kind."""

    def listed(rows: list[PlannedRow]) -> list[dict]:
        """The first rows, with what changed for each."""
        return [
            {"line": r.line, "email": r.email, "name": r.name, "changed": list(r.changed)}
            for r in rows[:limit]
        ]

    return {
        "rows_read": plan.rows_read,
        "encoding": plan.encoding,
        "created": len(plan.creates),
        "invited": plan.invited,
        "updated": len(plan.updates),
        "deactivated": len(plan.deactivations),
        "unchanged": plan.unchanged,
        "creates": listed(plan.creates),
        "updates": listed(plan.updates),
        "deactivations": [list(row) for row in plan.deactivations[:limit]],
    }
