"""Offices, people and who serves which office as an ambassador."""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ambassador.clock import utcnow
from ambassador.db import db


class Role(StrEnum):
    """What a person may administer; everyone has their own training.

    Serving as an ambassador is not a role but a post: a person of any role may serve one or
    more offices (the `ambassador_office` table).
    """

    EMPLOYEE = "employee"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


ROLES = frozenset(role.value for role in Role)


ambassador_office = sa.Table(
    "ambassador_office",
    db.metadata,
    sa.Column("person_id", sa.ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("office_id", sa.ForeignKey("office.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_ambassador_office_office_id", "office_id"),
)


class Office(db.Model):
    """A local office: every employee belongs to exactly one."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    timezone: Mapped[str] = mapped_column(sa.String(64))
    language: Mapped[str] = mapped_column(sa.String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    ambassadors: Mapped[list["Person"]] = relationship(
        secondary=ambassador_office, back_populates="served_offices", order_by="Person.name"
    )

    def __repr__(self) -> str:
        return f"<Office {self.name}>"


class Person(UserMixin, db.Model):
    """An employee on the roster; signs in with email and password."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(16), default=Role.EMPLOYEE, index=True)
    language: Mapped[str | None] = mapped_column(sa.String(8))
    employee_id: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    start_date: Mapped[date | None]
    active: Mapped[bool] = mapped_column(default=True, index=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deactivated_at: Mapped[datetime | None]
    # Set when the person was erased: name, email and employee id replaced (see ambassador.privacy).
    erased_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]

    office: Mapped[Office] = relationship(lazy="joined", innerjoin=True)
    served_offices: Mapped[list[Office]] = relationship(
        secondary=ambassador_office, back_populates="ambassadors", order_by="Office.name"
    )

    __table_args__ = (sa.Index("ix_person_office_id_active_name", "office_id", "active", "name"),)

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses sign-in and sessions for deactivated people."""
        return self.active

    @property
    def locale(self) -> str:
        """The person's language, else their office's."""
        return self.language or self.office.language

    def __repr__(self) -> str:
        return f"<Person {self.email}>"
