"""The outbox index in the order delivery claims by (state, next try, id), so a claim reads 100 rows, not all due

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-27 03:00:00
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_outbox_message_state_next_try_at", table_name="outbox_message")
    op.create_index("ix_outbox_message_state_next_try_at_id", "outbox_message", ["state", "next_try_at", "id"])


def downgrade():
    op.drop_index("ix_outbox_message_state_next_try_at_id", table_name="outbox_message")
    op.create_index("ix_outbox_message_state_next_try_at", "outbox_message", ["state", "next_try_at"])
