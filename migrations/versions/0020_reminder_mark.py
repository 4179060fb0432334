"""reminder_mark: how far planning has got per person and module, so it skips what it already queued (issue 7)

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-27 06:00:00
"""

import sqlalchemy as sa
from alembic import op

from ambassador.db import UTCDateTime

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reminder_mark",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("rules", sa.String(length=64), nullable=False),
        sa.Column("completion_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", UTCDateTime(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("next_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["module_id"], ["module.id"], name=op.f("fk_reminder_mark_module_id_module"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_reminder_mark_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("person_id", "module_id", name=op.f("pk_reminder_mark")),
    )


def downgrade():
    op.drop_table("reminder_mark")
