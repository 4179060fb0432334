"""reminder plan per module

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 17:05:00

Every existing module gets the default plan, starting now: rules apply forward, so nobody is sent
the reminders of the past; people already overdue get one reminder on the next working morning.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from ambassador.db import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    plan = op.create_table(
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
    module = sa.table("module", sa.column("id", sa.Integer))
    modules = op.get_bind().execute(sa.select(module.c.id)).scalars().all()
    now = datetime.now(UTC)
    defaults = {"window_opens": True, "days_before": 7, "on_due_date": True, "overdue_every": 7, "overdue_max": 4}
    op.bulk_insert(plan, [{"module_id": module_id, "starts_at": now, **defaults} for module_id in modules])


def downgrade():
    op.drop_table("reminder_plan")
