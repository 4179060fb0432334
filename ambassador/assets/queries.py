"""Reads for images and contacts: who may see an image, which contacts a reader sees."""

import re
from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from ambassador.assets.models import CountryContact
from ambassador.db import db
from ambassador.org.models import Office
from ambassador.training.models import Module, ModuleText
from ambassador.web import country_name

# How module content points at an uploaded image (the Markdown check allows no other address).
IMAGE_LINK = re.compile(r"/authoring/images/(\d+)(?!\d)")
FALLBACK_LANGUAGE = "en"


def image_ids(content: str) -> set[int]:
    """The uploaded images a module text shows or links to."""
    return {int(number) for number in IMAGE_LINK.findall(content or "")}


def image_is_published(image_id: int) -> bool:
    """True when the text of a published module, in any language, shows or links to the image.

    Images have no owner: a module shows an image by its address in the Markdown, one image may
    serve several modules, and a just-uploaded image serves none yet. So what a module's text
    shows is the rule: such an image is for every signed-in person; any other image (only in
    drafts, or in no module at all) is for staff alone, until a module showing it is published.
    """
    address = f"/authoring/images/{image_id}"
    contents = db.session.scalars(
        sa.select(ModuleText.content)
        .join(Module, Module.id == ModuleText.module_id)
        .where(Module.published.is_(True), ModuleText.content.contains(address))
    )
    return any(image_id in image_ids(content) for content in contents)


@dataclass(frozen=True)
class Shown:
    """One contact text as a reader sees it, with the language it is written in."""

    text: str
    language: str


@dataclass(frozen=True)
class Contacts:
    """The support and reporting contacts a reader sees; None where the country has none."""

    support: Shown | None
    reporting: Shown | None


def contacts_for(country: str, language: str) -> Contacts:
    """A country's contacts for a reader: in their language, else English, else any other, text by text.

    Support and reporting fall back separately, so a half-translated language never hides the
    English hotline.
    """
    rows = db.session.scalars(sa.select(CountryContact).where(CountryContact.country == country)).all()
    preferred = sorted(
        rows, key=lambda r: (r.language != language, r.language != FALLBACK_LANGUAGE, r.language)
    )

    def first(name: str) -> Shown | None:
        return next((Shown(getattr(r, name), r.language) for r in preferred if getattr(r, name)), None)

    return Contacts(first("support"), first("reporting"))


def contact_texts(country: str) -> dict[str, CountryContact]:
    """A country's contacts by language, for editing."""
    rows = db.session.scalars(sa.select(CountryContact).where(CountryContact.country == country))
    return {row.language: row for row in rows}


@dataclass(frozen=True)
class CountryContacts:
    """A country on the contacts page: its offices and the languages its contacts are written in."""

    country: str
    offices: int
    languages: frozenset[str]


def contact_overview() -> list[CountryContacts]:
    """Every country with an office or contacts; those with offices but no contacts come first."""
    counts = sa.select(Office.country, sa.func.count()).group_by(Office.country)
    offices = dict(db.session.execute(counts).tuples().all())
    languages = defaultdict(set)
    for country, language in db.session.execute(sa.select(CountryContact.country, CountryContact.language)):
        languages[country].add(language)
    rows = [
        CountryContacts(code, offices.get(code, 0), frozenset(languages[code]))
        for code in offices.keys() | languages.keys()
    ]
    return sorted(rows, key=lambda row: (bool(row.languages or not row.offices), country_name(row.country)))
