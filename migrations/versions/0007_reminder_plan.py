"""reminder plan per module

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 17:05:00
"""

import sqlalchemy as sa
from alembic import op

from ambassador.db import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reminder_plan",
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("window_opens", sa.Boolean(), nullable=False),
        sa.Column("days_before", sa.Integer(), nullable=True),
        sa.Column("on_due_date", sa.Boolean(), nullable=False),
        sa.Column("overdue_every", sa.Integer(), nullable=False),
        sa.Column("overdue_max", sa.Integer(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["module_id"], ["module.id"], name=op.f("fk_reminder_plan_module_id_module"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("module_id", name=op.f("pk_reminder_plan")),
    )


def downgrade():
    op.drop_table("reminder_plan")
