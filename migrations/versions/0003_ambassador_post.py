"""ambassador is a post, not a role: people of any role may serve offices

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 16:40:00

Today's ambassadors become employees who keep serving their offices. Going back, an employee
who serves offices becomes an ambassador again; coordinators and administrators lose their posts
(the old schema could not hold both).
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

person = sa.table("person", sa.column("id", sa.Integer), sa.column("role", sa.String))
ambassador_office = sa.table("ambassador_office", sa.column("person_id", sa.Integer))


def upgrade():
    op.execute(person.update().where(person.c.role == "ambassador").values(role="employee"))


def downgrade():
    serving = sa.select(ambassador_office.c.person_id)
    op.execute(
        ambassador_office.delete().where(
            ambassador_office.c.person_id.in_(sa.select(person.c.id).where(person.c.role != "employee"))
        )
    )
    op.execute(person.update().where(person.c.id.in_(serving)).values(role="ambassador"))
