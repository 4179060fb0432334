"""Importing past completions: matching, dates, certificates, expiry in date order, all or nothing."""

import threading
import time
import unicodedata
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from ambassador.audit.models import AuditEvent
from ambassador.completions.imports import apply_import, plan_import
from ambassador.completions.models import Completion, Method, Standing
from ambassador.completions.queries import by_code
from ambassador.completions.services import record_completion
from ambassador.db import db
from ambassador.importing.csvfile import FileError
from ambassador.org.models import Person
from ambassador.org.services import mark_deactivated
from tests.factories import make_module, make_person

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
HEADER = "email,module,completed on,certificate\n"


def _plan(text: str, now: datetime = NOW):
    return plan_import(text.encode(), now=now)


def _apply(text: str, actor=None, now: datetime = NOW):
    plan = _plan(text, now)
    assert plan.ok, [(e.line, str(e.message)) for e in plan.errors]
    apply_import(plan, actor=actor, filename="history.csv", now=now)
    db.session.commit()
    return plan


def _errors(plan) -> list[tuple[int, str]]:
    return [(e.line, str(e.message)) for e in plan.errors]


def _completions(person) -> list[Completion]:
    query = sa.select(Completion).where(Completion.person_id == person.id).order_by(Completion.completed_at)
    return list(db.session.scalars(query))


def _standing(person, module) -> Standing | None:
    return db.session.get(Standing, (person.id, module.id))


@pytest.fixture
def module(org):
    """A published module valid 12 months, with a 30-day refresher window."""
    module = make_module(title="Child protection basics", validity_months=12, refresher_days=30)
    db.session.commit()
    return module


def test_a_past_completion_is_recorded_with_its_expiry_and_standing(org, module):
    plan = _apply(HEADER + "employee@example.com,Child protection basics,2025-06-10,\n", actor=org.admin)
    assert [p.line for p in plan.imports] == [2]
    [completion] = _completions(org.employee)
    assert completion.method == Method.IMPORT and completion.version_id is None
    assert completion.completed_at == datetime(2025, 6, 10, 12, tzinfo=UTC)
    assert completion.expires_at == datetime(2026, 6, 10, 12, tzinfo=UTC)
    assert len(completion.code) == 16  # a code is made when the file has none
    standing = _standing(org.employee, module)
    assert (standing.completion_id, standing.expires_at) == (completion.id, completion.expires_at)
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "completions.imported"))
    assert event.summary == "history.csv: 1 imported, 0 already recorded" and event.actor_id == org.admin.id


def test_a_module_is_found_by_number_or_by_title_in_any_language_ignoring_case(org, module):
    plan = _plan(
        HEADER
        + f"employee@example.com,{module.id},2025-01-10,\n"
        + "employee@example.com,  child   PROTECTION basics (SV) ,2025-02-10,\n"
        + "ola@example.com,Child protection basics,2025-03-10,\n"
    )
    assert plan.ok and {p.module_id for p in plan.imports} == {module.id}


def test_an_unknown_or_ambiguous_module_is_an_error_on_its_row(org, module):
    make_module(title="Reporting policy")
    other = make_module(title="Policy")
    other.text("sv").title = "Reporting policy"  # the Swedish title of one is the English title of another
    db.session.commit()
    plan = _plan(
        HEADER
        + "employee@example.com,Reporting policy,2025-01-10,\n"
        + "employee@example.com,Spotting misuse,2025-01-10,\n"
        + "employee@example.com,999999,2025-01-10,\n"
    )
    [(line, ambiguous), *rest] = _errors(plan)
    assert line == 2 and "is the title of more than one module (numbers" in ambiguous
    assert "write the module's number instead" in ambiguous
    assert rest == [
        (3, "There is no module called “Spotting misuse”."),
        (4, "There is no module number 999999."),
    ]


def test_people_are_matched_by_email_also_when_deactivated(org, module):
    mark_deactivated([org.colleague_in_oslo.id], NOW)
    db.session.commit()
    plan = _plan(
        HEADER + "OLA@Example.com,Child protection basics,2024-05-01,\n"
        "nobody@example.com,Child protection basics,2024-05-01,\n"
    )
    assert [p.person_id for p in plan.imports] == [org.colleague_in_oslo.id]
    assert _errors(plan) == [(3, "No one on the roster has the email nobody@example.com.")]


def test_an_international_address_is_matched_the_way_the_roster_stored_it(org, module):
    person = make_person(org.stockholm, email="åsa@exämple.se")  # stored composed (NFC), as the roster does
    db.session.commit()
    decomposed = unicodedata.normalize("NFD", "ÅSA@exämple.se")
    plan = _plan(HEADER + f"{decomposed},Child protection basics,2025-01-10,\n")
    assert [p.person_id for p in plan.imports] == [person.id]


def test_dates_are_yyyy_mm_dd_and_not_in_the_future(org, module):
    plan = _plan(
        HEADER
        + "employee@example.com,Child protection basics,10/06/2025,\n"
        + "employee@example.com,Child protection basics,2026-03-03,\n"
        + "employee@example.com,Child protection basics,2026-03-02,\n"
        + "employee@example.com,Child protection basics,2019-01-01,\n"  # before the module was published
    )
    assert _errors(plan) == [
        (2, "“10/06/2025” is not a date; write it as YYYY-MM-DD."),
        (3, "The date 2026-03-03 is in the future; only completions that have happened can be imported."),
    ]
    # today before noon UTC is stored as now, never in the future
    assert [p.completed_at for p in plan.imports] == [NOW, datetime(2019, 1, 1, 12, tzinfo=UTC)]


def test_old_certificate_identifiers_are_kept_and_verify(org, module):
    _apply(HEADER + "employee@example.com,Child protection basics,2025-06-10,lms-2025.0042_a\n")
    completion = by_code("LMS-2025.0042_A")
    assert completion.person_id == org.employee.id and completion.code == "LMS-2025.0042_A"
    assert by_code("lms-2025.0042_a") == completion  # verification ignores case, as the old paper may not


@pytest.mark.parametrize("code", ["CERT/2020/1", "a b", "ÅÄÖ1", "X" * 33, "ab<script>"])
def test_a_certificate_the_code_column_cannot_hold_is_refused(org, module, code):
    plan = _plan(HEADER + f'employee@example.com,Child protection basics,2025-06-10,"{code}"\n')
    [(line, message)] = _errors(plan)
    assert line == 2 and "cannot be kept: use at most 32 letters A–Z, digits" in message


def test_a_certificate_must_be_unique_in_the_file_and_against_existing_codes(org, module):
    held = record_completion(org.ambassador, module, method=Method.QUIZ, completed_at=NOW - timedelta(days=5))
    db.session.commit()
    plan = _plan(
        HEADER
        + "employee@example.com,Child protection basics,2024-06-10,OLD-1\n"
        + "ola@example.com,Child protection basics,2024-06-10,old-1\n"
        + f"coordinator@example.com,Child protection basics,2024-06-10,{held.code.lower()}\n"
    )
    assert _errors(plan) == [
        (3, "The certificate OLD-1 is also on line 2."),
        (4, f"The certificate {held.code} is already used by another completion."),
    ]


def test_a_bad_row_stops_the_whole_import(org, module):
    plan = _plan(HEADER + "employee@example.com,Child protection basics,2025-06-10,\nbroken,x,2025-01-01,\n")
    assert not plan.ok and len(plan.imports) == 1
    with pytest.raises(ValueError):
        apply_import(plan, actor=None, filename="x.csv", now=NOW)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Completion)) == 0


def test_an_unreadable_file_is_refused_as_a_whole(org):
    with pytest.raises(FileError) as error:
        _plan("email,module\nemployee@example.com,1\n")
    assert "Missing column(s): completed on" in str(error.value.message)


def test_rows_are_taken_in_date_order_so_a_renewal_in_the_window_extends_the_old_expiry(org, module):
    _apply(
        HEADER
        # lapsed on 2025-05-01, so it counts from its own date
        + "employee@example.com,Child protection basics,2025-06-15,\n"
        + "employee@example.com,Child protection basics,2023-05-01,\n"
        + "employee@example.com,Child protection basics,2024-04-20,\n"  # in the window before 2024-05-01
    )
    expiries = [(c.completed_at.date(), c.expires_at.date()) for c in _completions(org.employee)]
    assert expiries == [
        (date(2023, 5, 1), date(2024, 5, 1)),
        (date(2024, 4, 20), date(2025, 5, 1)),
        (date(2025, 6, 15), date(2026, 6, 15)),
    ]
    assert _standing(org.employee, module).expires_at.date() == date(2026, 6, 15)


def test_the_rule_counts_against_history_already_recorded(org, module):
    recorded = datetime(2024, 3, 10, 8, tzinfo=UTC)
    record_completion(org.employee, module, method=Method.QUIZ, completed_at=recorded)
    db.session.commit()
    _apply(HEADER + "employee@example.com,Child protection basics,2025-02-25,\n")
    imported = _completions(org.employee)[-1]
    assert imported.expires_at == datetime(2025, 3, 10, 8, tzinfo=UTC) + timedelta(days=365)


def test_older_history_never_moves_the_standing_back(org, module):
    recent = record_completion(
        org.employee, module, method=Method.QUIZ, completed_at=datetime(2026, 1, 5, tzinfo=UTC)
    )
    db.session.commit()
    _apply(HEADER + "employee@example.com,Child protection basics,2023-01-05,\n")
    assert len(_completions(org.employee)) == 2
    standing = _standing(org.employee, module)
    assert (standing.completion_id, standing.expires_at) == (recent.id, recent.expires_at)


def test_a_completion_already_recorded_that_day_is_skipped_and_listed(org, module):
    text = HEADER + "employee@example.com,Child protection basics,2025-06-10,OLD-7\n"
    _apply(text)
    late = datetime(2025, 9, 1, 23, 50, tzinfo=UTC)
    record_completion(org.colleague_in_oslo, module, method=Method.QUIZ, completed_at=late)
    db.session.commit()
    again = _apply(
        text
        + "ola@example.com,Child protection basics,2025-09-01,\n"
        + "ola@example.com,Child protection basics,2025-09-02,\n"
    )
    assert [(r.line, r.email) for r in again.skipped] == [(2, "employee@example.com"), (3, "ola@example.com")]
    assert [p.line for p in again.imports] == [4]
    assert len(_completions(org.employee)) == 1 and by_code("OLD-7") is not None


def test_the_same_completion_twice_in_a_file_is_an_error(org, module):
    plan = _plan(
        HEADER
        + "employee@example.com,Child protection basics,2025-06-10,\n"
        + f"EMPLOYEE@example.com,{module.id},2025-06-10,\n"
    )
    assert _errors(plan) == [(3, "The same person, module and date are also on line 2.")]


def _row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def test_an_import_writes_completions_standings_and_its_audit_entry_and_sends_no_mail(org, module):
    before = _row_counts()
    _apply(
        HEADER
        + "employee@example.com,Child protection basics,2021-06-10,\n"  # long lapsed: no backlog of reminders
        + "ola@example.com,Child protection basics,2025-06-10,\n"
    )
    after = _row_counts()
    changed = {name: after[name] - before[name] for name in after if after[name] != before[name]}
    assert changed == {"completion": 2, "standing": 2, "audit_event": 1}


def test_progress_counts_every_row_checked_and_written(org, module):
    seen = []
    rows = "".join(f"employee@example.com,Child protection basics,2025-01-{day:02},\n" for day in range(1, 8))
    plan = plan_import((HEADER + rows).encode(), now=NOW, progress=seen.append)
    apply_import(plan, actor=None, filename="x.csv", now=NOW, progress=seen.append)
    assert seen == [7, 7]


def test_a_quiz_passed_during_an_import_waits_and_then_renews_from_the_imported_expiry(app, org, module):
    """The import locks its people first: a pass at that moment sees the imported history afterwards."""
    person_id, module_id, results = org.employee.id, module.id, []

    def pass_quiz():
        with app.app_context():
            person, passed = db.session.get(Person, person_id), db.session.get(type(module), module_id)
            results.append(record_completion(person, passed, method=Method.QUIZ, completed_at=NOW).expires_at)
            db.session.commit()

    plan = plan_import(
        (HEADER + "employee@example.com,Child protection basics,2025-03-20,\n").encode(), now=NOW, lock=True
    )
    quiz = threading.Thread(target=pass_quiz)
    quiz.start()
    time.sleep(0.5)
    assert quiz.is_alive() and results == []  # waiting for the import's lock
    apply_import(plan, actor=None, filename="history.csv", now=NOW)
    db.session.commit()
    quiz.join(timeout=20)
    # 2026-03-02 is inside the refresher window of the imported 2026-03-20 expiry: renewed from it
    assert results == [datetime(2027, 3, 20, 12, tzinfo=UTC)]
    assert _standing(org.employee, module).expires_at == datetime(2027, 3, 20, 12, tzinfo=UTC)
