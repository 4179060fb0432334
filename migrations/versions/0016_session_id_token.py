"""session id token: a company sign-in keeps the provider's ID token, to sign out there too

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-27 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_session") as batch_op:
        batch_op.add_column(sa.Column("id_token", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("user_session") as batch_op:
        batch_op.drop_column("id_token")
