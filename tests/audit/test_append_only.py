"""The audit log is append-only in the database itself; only a privacy erasure may scrub names from it."""

import pytest
import sqlalchemy as sa

from ambassador.audit.guard import erasing, scrub
from ambassador.audit.models import AuditEvent
from ambassador.audit.services import record
from ambassador.db import db


@pytest.fixture
def event(org, now):
    """One committed entry about Ola, naming her in the summary and in the changes."""
    entry = record(
        org.admin,
        "person.updated",
        "ola@example.com: Ola Nordmann",
        now,
        changes={"name": ["Ola Nordmann", "Åsa Ölund"]},
        subject=org.colleague_in_oslo,
    )
    db.session.commit()
    return entry.id


def _refused(statement, parameters=None) -> str:
    """Run `statement`, which the database must refuse; the reason it gives."""
    with pytest.raises(sa.exc.DBAPIError) as refused, db.session.begin_nested():
        db.session.execute(statement, parameters or {})
    return str(refused.value)


@pytest.mark.parametrize(
    "statement",
    [
        sa.update(AuditEvent).values(summary="nothing happened"),
        sa.update(AuditEvent).values(action="module.created"),
        sa.update(AuditEvent).values(actor_id=None),
        sa.update(AuditEvent).values(changes=None),
        sa.delete(AuditEvent),
        sa.text("DELETE FROM audit_event WHERE id > 0"),
        sa.text("UPDATE audit_event SET at = at"),
    ],
)
def test_no_entry_can_be_changed_or_deleted(event, statement):
    assert "the audit log is append-only" in _refused(statement)
    assert db.session.get(AuditEvent, event).summary == "ola@example.com: Ola Nordmann"


def test_the_orm_cannot_delete_an_entry_either(event):
    db.session.delete(db.session.get(AuditEvent, event))
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(AuditEvent, event) is not None


@pytest.mark.parametrize(
    "values",
    [
        {"action": "module.created"},
        {"at": sa.func.current_timestamp()},
        {"actor_id": 999},
    ],
)
def test_an_erasure_may_not_change_when_what_kind_or_who(event, values):
    with erasing():
        assert "append-only" in _refused(sa.update(AuditEvent).values(**values))


def test_an_erasure_may_not_delete(event):
    with erasing():
        assert "append-only" in _refused(sa.delete(AuditEvent))


def test_the_erasing_setting_ends_with_its_block(event):
    with erasing():
        db.session.execute(sa.update(AuditEvent).values(summary="scrubbed"))
    assert "append-only" in _refused(sa.update(AuditEvent).values(summary="again"))
    db.session.commit()
    assert db.session.get(AuditEvent, event).summary == "scrubbed"


def test_scrub_replaces_a_persons_name_and_email_in_summaries_and_changes(org, event, now):
    other = record(org.admin, "office.updated", "Oslo", now, changes={"name": ["Oslo", "Oslo city"]})
    db.session.commit()
    changed = scrub(["Ola Nordmann", "ola@example.com", "Åsa Ölund"], "[erased]", org.colleague_in_oslo.id)
    db.session.commit()
    assert changed == 1
    db.session.expire_all()
    scrubbed = db.session.get(AuditEvent, event)
    assert scrubbed.summary == "[erased]: [erased]"
    assert scrubbed.changes == {"name": ["[erased]", "[erased]"]}
    assert scrubbed.subject_id is None and scrubbed.actor_id == org.admin.id
    assert db.session.get(AuditEvent, other.id).changes == {"name": ["Oslo", "Oslo city"]}
    assert "append-only" in _refused(sa.update(AuditEvent).values(summary="x"))  # locked again


def test_scrub_treats_like_wildcards_as_text(org, event):
    assert scrub(["%", "_"], "x") == 0
