"""person.erased_at: when a person's name, email and employee id were erased (issue 9)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 10:00:00
"""

import sqlalchemy as sa
from alembic import op

from ambassador.db import UTCDateTime

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("person") as batch_op:
        batch_op.add_column(sa.Column("erased_at", UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("person") as batch_op:
        batch_op.drop_column("erased_at")
