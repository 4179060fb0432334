"""the mail outbox replaces the outgoing-mail table

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 09:00:00

Messages written before the outbox existed were never emailed: they move into the outbox as
dropped (with that reason), so that upgrading does not send stale reset links. Going back, every
message returns to the outgoing-mail table as its text.
"""

import sqlalchemy as sa
from alembic import op

from ambassador.db import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

NEVER_SENT = "Written before the outbox delivered email; never sent."


def _mail_message_columns():
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    ]


def _create_outbox():
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("to_name", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text(), nullable=True),
        sa.Column("message_id", sa.String(length=250), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", UTCDateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("claimed_by", sa.String(length=32), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_outbox_message_person_id_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_message_key")),
        sa.UniqueConstraint("message_id", name=op.f("uq_outbox_message_message_id")),
    )
    with op.batch_alter_table("outbox_message") as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_message_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_message_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_message_created_at"), ["created_at"], unique=False)
        batch_op.create_index("ix_outbox_message_state_next_try_at", ["state", "next_try_at"], unique=False)


def _tables():
    old = sa.table("mail_message", *(sa.column(c.name, c.type) for c in _mail_message_columns()))
    new = sa.table(
        "outbox_message",
        *(
            sa.column(name, type_)
            for name, type_ in [
                ("key", sa.String),
                ("kind", sa.String),
                ("state", sa.String),
                ("person_id", sa.Integer),
                ("to_address", sa.String),
                ("to_name", sa.String),
                ("language", sa.String),
                ("subject", sa.String),
                ("text_body", sa.Text),
                ("message_id", sa.String),
                ("attempts", sa.Integer),
                ("next_try_at", UTCDateTime()),
                ("last_error", sa.Text),
                ("created_at", UTCDateTime()),
            ]
        ),
    )
    return old, new


def upgrade():
    _create_outbox()
    old, new = _tables()
    person = sa.table(
        "person", sa.column("id"), sa.column("name"), sa.column("language"), sa.column("office_id")
    )
    office = sa.table("office", sa.column("id"), sa.column("language"))
    number = sa.cast(old.c.id, sa.String(20))
    rows = (
        sa.select(
            sa.literal("legacy:", sa.String) + number,
            sa.literal("password_reset", sa.String),
            sa.literal("dropped", sa.String),
            old.c.person_id,
            old.c.to_address,
            sa.func.coalesce(person.c.name, ""),
            sa.func.coalesce(person.c.language, office.c.language, "en"),
            old.c.subject,
            old.c.body,
            sa.literal("<legacy-", sa.String) + number + sa.literal("@ambassador.invalid>", sa.String),
            sa.literal(0, sa.Integer),
            old.c.created_at,
            sa.literal(NEVER_SENT, sa.Text),
            old.c.created_at,
        )
        .select_from(
            old.outerjoin(person, person.c.id == old.c.person_id).outerjoin(
                office, office.c.id == person.c.office_id
            )
        )
        .order_by(old.c.id)
    )
    columns = [
        "key",
        "kind",
        "state",
        "person_id",
        "to_address",
        "to_name",
        "language",
        "subject",
        "text_body",
        "message_id",
        "attempts",
        "next_try_at",
        "last_error",
        "created_at",
    ]
    op.execute(new.insert().from_select(columns, rows))
    with op.batch_alter_table("mail_message") as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_message_person_id"))
        batch_op.drop_index(batch_op.f("ix_mail_message_created_at"))
    op.drop_table("mail_message")


def downgrade():
    op.create_table(
        "mail_message",
        *_mail_message_columns(),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_mail_message_person_id_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_message")),
    )
    with op.batch_alter_table("mail_message") as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_message_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_mail_message_person_id"), ["person_id"], unique=False)
    old, new = _tables()
    rows = sa.select(new.c.person_id, new.c.to_address, new.c.subject, new.c.text_body, new.c.created_at)
    rows = rows.order_by(new.c.created_at)
    op.execute(old.insert().from_select(["person_id", "to_address", "subject", "body", "created_at"], rows))
    op.drop_table("outbox_message")
