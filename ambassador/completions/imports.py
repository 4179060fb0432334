"""Importing past completions from another system: a plan (the preview), then all of it or nothing.

Who: coordinators and administrators. The coordinator owns the training records and knows which
old course is which module; the administrator runs the data loads of a move (the roster first),
and a move is often done by both in one sitting. Each import is kept as a record with who ran it,
and audited.

Rules:
- People are matched by email, ignoring case, active or deactivated: people who have left keep
  their history (it counts for nothing while they are deactivated).
- The module column holds the module's number (the one in its address, /authoring/7) or its title
  in any of its languages, ignoring case and repeated spaces; a value of digits only is a number.
  A title that several modules carry is an error on its row: write the number instead. Drafts
  may be given history too, so that it is in place before the module is published.
- Completed on is written YYYY-MM-DD and is not after today (UTC). A date before the module was
  first published is allowed: it is history from another system. The completion is stored at
  12:00 UTC that day (or now, for today before noon), so the day reads the same in every office.
- The certificate identifier is optional. It is kept in capitals as the completion's code, so an
  old certificate still verifies at /verify/CODE (verification ignores case): at most 32 letters,
  digits, hyphens, underscores or full stops, once in the file and used by no other completion.
  Without one, a new code is made. /verify shows the holder's name, so identifiers that can be
  guessed (sequential numbers) are better left out.
- A row for a person, module and day already recorded (by an earlier import, or a completion made
  here that day, in UTC) is skipped and listed; the recorded completion stays as it is, so a file
  can be imported again after it grew. The same person, module and day twice in a file is an error.
- Expiry follows the module's rule (`status.new_expiry`) from the date, against the standing as it
  stood that day: rows are taken in date order per person and module, after the history already
  recorded, so a renewal inside the refresher window extends from the previous expiry across
  several imported rows. Recorded completions keep their expiry; the standing moves to an imported
  completion only when it expires later (`services.move_standings`).
- Any bad row stops the import; nothing is written until the file is clean.
- An imported completion has the method "import", no quiz version and no attempt.
- No mail: an import writes completions, standings, its record and one audit entry, nothing else.
  The reminders planner must treat imported history as "rules apply forward": someone whose
  imported completion lapsed long ago gets the one reminder an overdue person gets when a plan
  starts, never a backlog for the dates that passed.
- Rows are written in batches in the caller's one transaction. When applying, the people in the
  file are locked before their history is read (`services.lock_people`), so a quiz passed at that
  moment waits and then sees the imported history.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.audit.services import record
from ambassador.completions.import_file import PastRow, parse
from ambassador.completions.import_lookups import Modules, codes_in_use, history, people_by_email
from ambassador.completions.models import Completion, CompletionUpload, Method
from ambassador.completions.services import lock_people, move_standings, new_code
from ambassador.completions.status import new_expiry
from ambassador.db import db
from ambassador.importing import uploads
from ambassador.importing.bulk import batches, counted
from ambassador.importing.csvfile import RowError
from ambassador.org.models import Person
from ambassador.training.models import Module

LIST_LIMIT = 200  # completions listed in a preview or an import's record, per kind
NOON = time(12, tzinfo=UTC)
Progress = Callable[[int], None]


@dataclass
class Planned:
    """A completion to write: who, which module, when, until when, and the code (empty: make one)."""

    line: int
    email: str
    module: str  # as the file names it
    person_id: int
    module_id: int
    completed_at: datetime
    expires_at: datetime
    code: str


@dataclass
class CompletionPlan:
    """What an import would do; nothing has been written."""

    encoding: str
    delimiter: str
    rows_read: int = 0
    imports: list[Planned] = field(default_factory=list)
    skipped: list[PastRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing stops the import."""
        return not self.errors

    @property
    def writes(self) -> int:
        """How many completions the import writes."""
        return len(self.imports)


class _Checker:
    """Checks rows against the roster, the modules and each other, grouped by person and module."""

    def __init__(self, plan: CompletionPlan, rows: list[PastRow]):
        self.plan, self.modules = plan, Modules()
        self.people = people_by_email({row.email for row in rows})
        self.seen_day: dict[tuple[int, int, date], int] = {}
        self.seen_code: dict[str, int] = {}
        self.groups: dict[tuple[int, int], list[PastRow]] = defaultdict(list)

    def error(self, row: PastRow) -> tuple[str | None, Module | None]:
        """The reason a row cannot be imported (or None), and the module it names."""
        person_id = self.people.get(row.email)
        if person_id is None:
            return _l("No one on the roster has the email %(email)s.", email=row.email), None
        module, problem = self.modules.find(row.module)
        if problem:
            return problem, None
        earlier = self.seen_day.setdefault((person_id, module.id, row.completed_on), row.line)
        if earlier != row.line:
            return _l("The same person, module and date are also on line %(line)s.", line=earlier), None
        if row.certificate:
            earlier = self.seen_code.setdefault(row.certificate, row.line)
            if earlier != row.line:
                return _l(
                    "The certificate %(code)s is also on line %(line)s.", code=row.certificate, line=earlier
                ), None
        return None, module

    def add(self, row: PastRow) -> None:
        """File a row as an error, or under its person and module."""
        problem, module = self.error(row)
        if problem:
            self.plan.errors.append(RowError(row.line, problem))
        else:
            self.groups[self.people[row.email], module.id].append(row)


def _moment(day: date, now: datetime) -> datetime:
    """12:00 UTC on `day`, or `now` while that is still ahead (today, before noon)."""
    return min(datetime.combine(day, NOON), now)


def _plan_pair(key, rows, recorded, in_use, checker: _Checker, now: datetime) -> None:
    """Skip the rows already recorded; give the others their expiry in date order, against the standing."""
    person_id, module_id = key
    module, plan = checker.modules.by_id[module_id], checker.plan
    recorded_days = {completed.date() for completed, _expires in recorded}
    events, index, standing = sorted(recorded), 0, None
    for row in sorted(rows, key=lambda row: row.completed_on):
        if row.completed_on in recorded_days:
            plan.skipped.append(row)
            continue
        if row.certificate in in_use:
            message = _l(
                "The certificate %(code)s is already used by another completion.", code=row.certificate
            )
            plan.errors.append(RowError(row.line, message))
            continue
        completed_at = _moment(row.completed_on, now)
        while index < len(events) and events[index][0] < completed_at:
            standing = max(standing or events[index][1], events[index][1])
            index += 1
        expires_at = new_expiry(module, completed_at, standing)
        standing = max(standing or expires_at, expires_at)
        plan.imports.append(
            Planned(
                row.line,
                row.email,
                row.module,
                person_id,
                module_id,
                completed_at,
                expires_at,
                row.certificate,
            )
        )


def plan_import(
    data: bytes, *, now: datetime, lock: bool = False, progress: Progress | None = None
) -> CompletionPlan:
    """Read and check a file of past completions against the database; write nothing.

    `lock` takes the locks of the people in the file first (when about to apply). Raises
    FileError when the file as a whole cannot be read.
    """
    parsed = parse(data, now.date())
    plan = CompletionPlan(encoding=parsed.encoding, delimiter=parsed.delimiter, errors=list(parsed.errors))
    plan.rows_read = len(parsed.rows) + len(parsed.errors)
    checker = _Checker(plan, parsed.rows)
    for row in counted(parsed.rows, progress):
        checker.add(row)
    if lock:
        lock_people([person_id for person_id, _module_id in checker.groups])
    recorded = history(set(checker.groups))
    in_use = codes_in_use({row.certificate for row in parsed.rows if row.certificate})
    for key, rows in checker.groups.items():
        _plan_pair(key, rows, recorded.get(key, []), in_use, checker, now)
    for rows in (plan.errors, plan.imports, plan.skipped):
        rows.sort(key=lambda row: row.line)
    return plan


def _insert(chunk: list[Planned], now: datetime) -> list[dict]:
    """Insert one batch of completions; their standing rows, with the new ids."""
    rows = [
        {
            "person_id": p.person_id,
            "module_id": p.module_id,
            "method": Method.IMPORT.value,
            "completed_at": p.completed_at,
            "expires_at": p.expires_at,
            "code": p.code or new_code(),
            "created_at": now,
        }
        for p in chunk
    ]
    db.session.execute(sa.insert(Completion.__table__), rows)
    # A plain executemany is faster than an INSERT ... RETURNING; the codes are unique and find the ids.
    codes = [row["code"] for row in rows]
    query = sa.select(Completion.code, Completion.id).where(Completion.code.in_(codes))
    ids = dict(db.session.execute(query).tuples().all())
    keep = ("person_id", "module_id", "completed_at", "expires_at")
    return [{"completion_id": ids[row["code"]], **{key: row[key] for key in keep}} for row in rows]


def apply_import(
    plan: CompletionPlan,
    *,
    actor: Person | None,
    filename: str,
    now: datetime,
    progress: Progress | None = None,
) -> None:
    """Write a clean plan in batches and move the standings; the caller commits, so it is all or nothing."""
    if not plan.ok:
        raise ValueError("a plan with errors cannot be applied")
    advance = progress or (lambda n: None)
    latest: dict[tuple[int, int], dict] = {}
    for chunk in batches(plan.imports):
        for standing in _insert(chunk, now):
            key = standing["person_id"], standing["module_id"]
            if key not in latest or standing["expires_at"] >= latest[key]["expires_at"]:
                latest[key] = standing
        advance(len(chunk))
    move_standings(list(latest.values()))
    summary = f"{filename}: {len(plan.imports)} imported, {len(plan.skipped)} already recorded"
    record(actor, "completions.imported", summary, now)


def summarise(plan: CompletionPlan, limit: int = LIST_LIMIT) -> dict:
    """What a plan does, as JSON: the counts and the first `limit` rows of each kind."""
    return {
        "rows_read": plan.rows_read,
        "encoding": plan.encoding,
        "imported": len(plan.imports),
        "skipped": len(plan.skipped),
        "people": len({p.person_id for p in plan.imports}),
        "imports": [
            {
                "line": p.line,
                "email": p.email,
                "module": p.module,
                "completed_on": p.completed_at.date().isoformat(),
                "expires_on": p.expires_at.date().isoformat(),
                "certificate": p.code,
            }
            for p in plan.imports[:limit]
        ],
        "skips": [
            {"line": r.line, "email": r.email, "module": r.module, "completed_on": r.completed_on.isoformat()}
            for r in plan.skipped[:limit]
        ],
    }


def store(filename: str, data: bytes, *, actor: Person, now: datetime) -> CompletionUpload:
    """Keep a readable file for its preview; raise FileError when it cannot be read."""
    parse(data, now.date())
    upload = uploads.store(CompletionUpload, filename, data, actor=actor, now=now)
    record(actor, "completions.uploaded", upload.filename, now)
    return upload


def discard(token: str, *, actor: Person, now: datetime) -> None:
    """Throw away a previewed file of `actor`'s; audited when there was one."""
    filename = uploads.discard(CompletionUpload, token, actor=actor)
    if filename is not None:
        record(actor, "completions.discarded", filename, now)


def apply_upload(token: str, digest: str, *, actor: Person, now: datetime) -> CompletionUpload:
    """Apply a previewed file once, all or nothing, and keep a record; the caller commits."""

    def apply(upload: CompletionUpload) -> dict:
        """Check the file again, with its people locked, then write it."""
        plan = plan_import(upload.content, now=now, lock=True)
        if not plan.ok:
            raise uploads.NotClean()
        apply_import(plan, actor=actor, filename=upload.filename, now=now)
        return summarise(plan)

    return uploads.apply_once(CompletionUpload, token, digest, actor=actor, now=now, apply=apply)
