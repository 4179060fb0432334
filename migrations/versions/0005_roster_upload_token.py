"""roster uploads: a never-reused token, the file's digest, and a record once applied

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 18:00:00

Uploads were addressed by their integer id, which SQLite hands out again after a discard. Each
upload waiting for its apply gets a random token and the SHA-256 of its file. Going back, the
records of applied imports are deleted: the old schema would have offered them for applying.
"""

import hashlib
import secrets

import sqlalchemy as sa
from alembic import op

from ambassador.db import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

upload = sa.table(
    "roster_upload",
    sa.column("id", sa.Integer),
    sa.column("content", sa.LargeBinary),
    sa.column("token", sa.String),
    sa.column("sha256", sa.String),
    sa.column("applied_at", UTCDateTime),
)


def upgrade():
    with op.batch_alter_table("roster_upload") as batch_op:
        batch_op.add_column(sa.Column("token", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("applied_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("summary", sa.JSON(), nullable=True))
    bind = op.get_bind()
    for upload_id, content in bind.execute(sa.select(upload.c.id, upload.c.content)).all():
        values = {"token": secrets.token_hex(16), "sha256": hashlib.sha256(content).hexdigest()}
        bind.execute(upload.update().where(upload.c.id == upload_id).values(**values))
    with op.batch_alter_table("roster_upload") as batch_op:
        batch_op.alter_column("token", existing_type=sa.String(length=32), nullable=False)
        batch_op.alter_column("sha256", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_roster_upload_token"), ["token"])
        batch_op.create_index(batch_op.f("ix_roster_upload_applied_at"), ["applied_at"], unique=False)


def downgrade():
    op.execute(upload.delete().where(upload.c.applied_at.is_not(None)))
    with op.batch_alter_table("roster_upload") as batch_op:
        batch_op.drop_index(batch_op.f("ix_roster_upload_applied_at"))
        batch_op.drop_constraint(batch_op.f("uq_roster_upload_token"), type_="unique")
        batch_op.drop_column("summary")
        batch_op.drop_column("applied_at")
        batch_op.drop_column("sha256")
        batch_op.drop_column("token")
