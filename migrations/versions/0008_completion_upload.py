"""past completions import: the uploaded files, between preview and apply, then a record of each import

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 10:00:00
"""

import sqlalchemy as sa
from alembic import op

from ambassador.db import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "completion_upload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("applied_at", UTCDateTime(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["person.id"],
            name=op.f("fk_completion_upload_uploaded_by_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_completion_upload")),
        sa.UniqueConstraint("token", name=op.f("uq_completion_upload_token")),
    )
    with op.batch_alter_table("completion_upload") as batch_op:
        batch_op.create_index(batch_op.f("ix_completion_upload_applied_at"), ["applied_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_completion_upload_uploaded_by_id"), ["uploaded_by_id"], unique=False)


def downgrade():
    with op.batch_alter_table("completion_upload") as batch_op:
        batch_op.drop_index(batch_op.f("ix_completion_upload_uploaded_by_id"))
        batch_op.drop_index(batch_op.f("ix_completion_upload_applied_at"))
    op.drop_table("completion_upload")
