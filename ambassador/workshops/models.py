"""A workshop and its attendees, each with the completion attending gave them."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ambassador.db import db


class Workshop(db.Model):
    """A workshop an ambassador held in an office for a workshop-eligible module.

    One per office, module and day: a second one would give its attendees a second completion.
    It may be corrected or withdrawn for 14 days after it was recorded; a withdrawn workshop is
    deleted with its completions (the audit log keeps the record).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("module.id", ondelete="CASCADE"))
    held_on: Mapped[date]
    held_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    recorded_at: Mapped[datetime]

    attendees: Mapped[list["Attendee"]] = relationship(cascade="all, delete-orphan", passive_deletes=True)

    __table_args__ = (sa.UniqueConstraint("office_id", "module_id", "held_on"),)


class Attendee(db.Model):
    """One person at a workshop, and the completion it gave them."""

    workshop_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    completion_id: Mapped[int] = mapped_column(sa.ForeignKey("completion.id", ondelete="CASCADE"))
