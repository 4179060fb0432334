"""What the API keeps about a person: the tokens they created; a token's name is free text."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.api.models import ApiToken
from ambassador.personal import Column, Erasure, Section, rows_of, scrub_columns

COLUMNS = (
    Column("name", _l("Name")),
    Column("created_at", _l("Created")),
    Column("revoked_at", _l("Revoked")),
    Column("last_used_at", _l("Last used")),
)


def export(person) -> list[Section]:
    """The API tokens the person created (never the token itself, which is not kept)."""
    query = (
        sa.select(ApiToken.name, ApiToken.created_at, ApiToken.revoked_at, ApiToken.last_used_at)
        .where(ApiToken.created_by_id == person.id)
        .order_by(ApiToken.created_at)
    )
    return [Section("api_tokens", _l("API tokens you created"), COLUMNS, rows_of(query))]


def erase(erasures: list[Erasure], now: datetime) -> None:
    """A token named after an erased person is named after their pseudonym."""
    scrub_columns(ApiToken, [ApiToken.name], erasures)
