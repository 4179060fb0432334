"""What assets keep that may name a person: the support contacts, written by coordinators."""

from datetime import datetime

from ambassador.assets.models import CountryContact
from ambassador.personal import Erasure, scrub_columns


def erase(erasures: list[Erasure], now: datetime) -> None:
    """A support contact that names an erased person names their pseudonym instead (to be rewritten)."""
    scrub_columns(CountryContact, [CountryContact.support, CountryContact.reporting], erasures)
