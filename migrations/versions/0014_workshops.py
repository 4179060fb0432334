"""workshops: modules a workshop may count for, workshops and their attendees

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-26 21:00:00
"""

import sqlalchemy as sa
from alembic import op

from ambassador.db import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("module") as batch_op:
        batch_op.add_column(sa.Column("workshop_eligible", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("module") as batch_op:
        batch_op.alter_column("workshop_eligible", server_default=None)
    op.create_table(
        "workshop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("held_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["held_by_id"], ["person.id"], name=op.f("fk_workshop_held_by_id_person"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["module_id"], ["module.id"], name=op.f("fk_workshop_module_id_module"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], name=op.f("fk_workshop_office_id_office"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop")),
        sa.UniqueConstraint("office_id", "module_id", "held_on", name=op.f("uq_workshop_office_id")),
    )
    op.create_index(op.f("ix_workshop_held_by_id"), "workshop", ["held_by_id"], unique=False)
    op.create_index(op.f("ix_workshop_office_id"), "workshop", ["office_id"], unique=False)
    op.create_table(
        "attendee",
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("completion_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["completion_id"], ["completion.id"], name=op.f("fk_attendee_completion_id_completion"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_attendee_person_id_person"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"], name=op.f("fk_attendee_workshop_id_workshop"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("workshop_id", "person_id", name=op.f("pk_attendee")),
    )


def downgrade():
    op.drop_table("attendee")
    op.drop_index(op.f("ix_workshop_office_id"), table_name="workshop")
    op.drop_index(op.f("ix_workshop_held_by_id"), table_name="workshop")
    op.drop_table("workshop")
    with op.batch_alter_table("module") as batch_op:
        batch_op.drop_column("workshop_eligible")
