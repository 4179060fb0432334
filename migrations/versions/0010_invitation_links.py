"""invitations: a password-reset link may be the invitation a new person is sent

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 09:00:00

Every link made before this is an ordinary reset link.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("password_reset_token") as batch_op:
        batch_op.add_column(sa.Column("invitation", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("password_reset_token") as batch_op:
        batch_op.alter_column("invitation", server_default=None)


def downgrade():
    with op.batch_alter_table("password_reset_token") as batch_op:
        batch_op.drop_column("invitation")
