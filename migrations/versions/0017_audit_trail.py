"""audit trail: what changed (old -> new) and whom it concerns; the log refuses UPDATE and DELETE; (at, id) index

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-27 10:00:00

The triggers keep the audit log append-only whoever writes to it. The one exception is a privacy
erasure: while the transaction's setting `ambassador.erasing` is "on" (`audit.guard.erasing()`),
an UPDATE may rewrite `summary` and `changes` and clear `actor_id` and `subject_id` (also what the
foreign keys' ON DELETE SET NULL does), and nothing else. DELETE is always refused. The database
owner can still drop a trigger or TRUNCATE the table: the triggers guard against the application,
not against whoever administers the database.

SQLite drops a table's triggers when a migration rebuilds the table (batch mode): a later migration
that rebuilds audit_event must create them again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

REFUSAL = "the audit log is append-only"

POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND coalesce(current_setting('ambassador.erasing', true), '') = 'on'
       AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
       AND (NEW.actor_id IS NULL OR NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id)
       AND (NEW.subject_id IS NULL OR NEW.subject_id IS NOT DISTINCT FROM OLD.subject_id)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{REFUSAL}: % refused', TG_OP USING ERRCODE = 'integrity_constraint_violation';
END
$$
"""
POSTGRESQL_TRIGGER = """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
"""
SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
    WHEN NOT (
        coalesce(ambassador_setting('ambassador.erasing'), '') = 'on'
        AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
        AND (NEW.actor_id IS NULL OR NEW.actor_id IS OLD.actor_id)
        AND (NEW.subject_id IS NULL OR NEW.subject_id IS OLD.subject_id)
    )
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}: UPDATE refused'); END
    """,
    f"""
    CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}: DELETE refused'); END
    """,
]


def upgrade():
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.add_column(sa.Column("subject_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("changes", sa.JSON(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_audit_event_subject_id_person"), "person", ["subject_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index(batch_op.f("ix_audit_event_subject_id"), ["subject_id"], unique=False)
        # Newest first, a page at a time: the order (at, id) is read from the index.
        batch_op.drop_index("ix_audit_event_at")
        batch_op.create_index("ix_audit_event_at_id", ["at", "id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL_FUNCTION)
        op.execute(POSTGRESQL_TRIGGER)
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION audit_event_append_only()")
    else:
        op.execute("DROP TRIGGER audit_event_no_update")
        op.execute("DROP TRIGGER audit_event_no_delete")
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.drop_index("ix_audit_event_at_id")
        batch_op.create_index("ix_audit_event_at", ["at"], unique=False)
        batch_op.drop_index(batch_op.f("ix_audit_event_subject_id"))
        batch_op.drop_constraint(batch_op.f("fk_audit_event_subject_id_person"), type_="foreignkey")
        batch_op.drop_column("changes")
        batch_op.drop_column("subject_id")
