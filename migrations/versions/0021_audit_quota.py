"""audit_quota: at most one audit entry per key and window, for what anyone can cause without signing in

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 20:20:00
"""

import sqlalchemy as sa
from alembic import op

from ambassador.db import UTCDateTime

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "audit_quota",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("window_start", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", "window_start", name=op.f("pk_audit_quota")),
    )


def downgrade():
    op.drop_table("audit_quota")
