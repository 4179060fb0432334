"""Images for module content and the support contacts shown with content warnings."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ambassador.clock import utcnow
from ambassador.db import db


class CountryContact(db.Model):
    """Where people in a country find support and report, in one language, shown with content warnings."""

    country: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    language: Mapped[str] = mapped_column(sa.String(8), primary_key=True, default="en")
    support: Mapped[str] = mapped_column(sa.Text, default="")
    reporting: Mapped[str] = mapped_column(sa.Text, default="")


class ModuleImage(db.Model):
    """An image uploaded for module content, served from the database."""

    id: Mapped[int] = mapped_column(primary_key=True)
    content_type: Mapped[str] = mapped_column(sa.String(32))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
