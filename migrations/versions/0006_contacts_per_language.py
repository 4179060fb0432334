"""support and reporting contacts per country and language

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 10:00:00

Every existing contact becomes the English text of its country. Going back, each country keeps
one text: its English one, else the one whose language code sorts first.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("country_contact") as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=False, server_default="en"))
        batch_op.drop_constraint("pk_country_contact", type_="primary")
        batch_op.create_primary_key("pk_country_contact", ["country", "language"])
    with op.batch_alter_table("country_contact") as batch_op:
        batch_op.alter_column("language", server_default=None)


def downgrade():
    contact = sa.table("country_contact", sa.column("country", sa.String), sa.column("language", sa.String))
    kept = contact.alias("kept")
    better = sa.select(kept.c.language).where(
        kept.c.country == contact.c.country,
        sa.or_(kept.c.language == "en", kept.c.language < contact.c.language),
    )
    op.execute(contact.delete().where(contact.c.language != "en", better.exists()))
    with op.batch_alter_table("country_contact") as batch_op:
        batch_op.drop_constraint("pk_country_contact", type_="primary")
        batch_op.create_primary_key("pk_country_contact", ["country"])
        batch_op.drop_column("language")
