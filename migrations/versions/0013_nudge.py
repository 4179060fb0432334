"""nudges: an ambassador's friendly reminder to one person about one module, at most one a week

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-26 20:40:00
"""

import sqlalchemy as sa
from alembic import op

from ambassador.db import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "nudge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["module_id"], ["module.id"], name=op.f("fk_nudge_module_id_module"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_nudge_person_id_person"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["sent_by_id"], ["person.id"], name=op.f("fk_nudge_sent_by_id_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nudge")),
    )
    op.create_index("ix_nudge_person_id_module_id_at", "nudge", ["person_id", "module_id", "at"], unique=False)


def downgrade():
    op.drop_index("ix_nudge_person_id_module_id_at", table_name="nudge")
    op.drop_table("nudge")
