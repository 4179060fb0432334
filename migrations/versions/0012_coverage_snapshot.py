"""coverage snapshots: the figures per office and module per day, and their sums for the trend

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26 20:00:00
"""

import sqlalchemy as sa
from alembic import op

from ambassador.db import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _counts() -> list[sa.Column]:
    """The five counts and the time they were taken, as every snapshot table has them."""
    names = ("required", "valid", "refresher_open", "overdue", "to_do")
    return [sa.Column(name, sa.Integer(), nullable=False) for name in names] + [
        sa.Column("taken_at", UTCDateTime(), nullable=False)
    ]


def upgrade():
    op.create_table(
        "coverage_snapshot",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=False),
        *_counts(),
        sa.ForeignKeyConstraint(
            ["module_id"], ["module.id"], name=op.f("fk_coverage_snapshot_module_id_module"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_coverage_snapshot_office_id_office"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("day", "office_id", "module_id", name=op.f("pk_coverage_snapshot")),
    )
    op.create_table(
        "coverage_trend",
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("key", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        *_counts(),
        sa.PrimaryKeyConstraint("scope", "key", "day", name=op.f("pk_coverage_trend")),
    )


def downgrade():
    op.drop_table("coverage_trend")
    op.drop_table("coverage_snapshot")
