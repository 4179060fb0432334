"""kept forms: what someone typed as their session ended waits for them to sign in again

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 19:45:00
"""

import sqlalchemy as sa
from alembic import op

from ambassador.db import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "kept_form",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_form")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_kept_form_token_hash")),
    )
    op.create_index(op.f("ix_kept_form_created_at"), "kept_form", ["created_at"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_kept_form_created_at"), table_name="kept_form")
    op.drop_table("kept_form")
