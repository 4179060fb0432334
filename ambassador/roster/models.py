"""An uploaded roster file: waiting for the administrator's confirmation, then a record of the import."""

from sqlalchemy.orm import Mapped, mapped_column

from ambassador.db import db
from ambassador.importing.uploads import UploadMixin


class RosterUpload(UploadMixin, db.Model):
    """A roster file and whether it is the full roster (see `importing.uploads` for the rest)."""

    full: Mapped[bool] = mapped_column(default=False)
