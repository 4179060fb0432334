"""Images for module content and the support contacts shown with content warnings.

- An image is kept only when Pillow reads it, from its content, as PNG, JPEG, GIF or WebP, it is
  at most 5 MB, and at most 25 megapixels: every reader's browser decodes it, many on a phone.
  The checks read the header and the chunk structure only; no image is decoded on upload.
- Contacts are kept per country and language; a language left empty has no text of its own, and
  the reader sees the English text instead (`queries.contacts_for`).
"""

import io
import re
import warnings
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from ambassador.assets.models import CountryContact, ModuleImage
from ambassador.audit.services import diff, record
from ambassador.db import db
from ambassador.errors import UserError
from ambassador.org.countries import is_country

# MPO is how some cameras and phones store JPEG photos; browsers show it as a JPEG.
IMAGE_TYPES = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 25_000_000
MAX_CONTACT_LENGTH = 2000
# Control characters other than tab and line breaks (PostgreSQL cannot even store NUL).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class AssetError(UserError):
    """An upload or contact that is refused; the message says why."""


def _open_image(data: bytes) -> tuple[str, tuple[int, int]]:
    """The format and size of an image, read from its header; refuse what is not one."""
    try:
        with warnings.catch_warnings():
            # Pillow's warnings about odd metadata say nothing to the uploader; its warning about a
            # size far above ours is a refusal.
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG", "JPEG", "GIF", "WEBP"]) as image:
                kind, size = image.format, image.size
                if size[0] * size[1] <= MAX_IMAGE_PIXELS:
                    image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise AssetError(_l("The image is too large in pixels: keep it to 25 megapixels.")) from None
    except UnidentifiedImageError:
        raise AssetError(_l("The file is not an image. Upload a PNG, JPEG, GIF or WebP file.")) from None
    except Exception:
        # Crafted files make Pillow's readers raise nearly anything (struct.error, EOFError,
        # NotImplementedError, ...); each means the same to the person uploading.
        raise AssetError(
            _l("The image cannot be read. Save it again as PNG or JPEG and upload that.")
        ) from None
    return kind, size


def save_image(data: bytes, *, actor, now: datetime) -> ModuleImage:
    """Keep an uploaded image after checking that it really is one (by its content, not its name)."""
    if len(data) > MAX_IMAGE_BYTES:
        raise AssetError(_l("The image is larger than 5 MB."))
    kind, (width, height) = _open_image(data)
    if width * height > MAX_IMAGE_PIXELS:
        raise AssetError(
            _l(
                "The image is too large in pixels (%(width)s × %(height)s): keep it to 25 megapixels, "
                "for example 5000 × 5000.",
                width=width,
                height=height,
            )
        )
    if kind not in IMAGE_TYPES:
        raise AssetError(_l("Upload a PNG, JPEG, GIF or WebP file."))
    image = ModuleImage(content_type=IMAGE_TYPES[kind], data=data, created_at=now)
    db.session.add(image)
    db.session.flush()
    record(actor, "image.uploaded", f"image {image.id} ({kind}, {width}×{height}, {len(data)} bytes)", now)
    return image


def markdown_line(image_id: int, description: str = "") -> str:
    """The Markdown that shows an uploaded image, with its description as the alternative text."""
    alt = " ".join(re.sub(r"[\[\]\\]", "", description or "").split())[:200]
    return f"![{alt}](/authoring/images/{image_id})"


@dataclass
class ContactText:
    """A country's contacts in one language, as typed."""

    support: str = ""
    reporting: str = ""


def _check_contact(language: str, text: ContactText, languages) -> None:
    """Refuse a language not offered, and text that is too long or holds control characters."""
    if language not in languages:
        raise AssetError(_l("Choose one of the languages offered."), "country")
    for name in ("support", "reporting"):
        value = getattr(text, name)
        if not isinstance(value, str) or CONTROL.search(value):
            raise AssetError(_l("Remove the control characters from this text."), f"{name}_{language}")
        if len(value) > MAX_CONTACT_LENGTH:
            raise AssetError(
                _l("Keep it under %(n)s characters.", n=MAX_CONTACT_LENGTH), f"{name}_{language}"
            )


def save_contacts(country: str, texts: dict[str, ContactText], *, languages, actor, now: datetime) -> None:
    """Set a country's contacts in each language of `texts`; an empty language loses its text."""
    if not is_country(country):
        raise AssetError(_l("Choose a country from the list."), "country")
    for language, text in texts.items():
        _check_contact(language, text, languages)
    rows = db.session.scalars(sa.select(CountryContact).where(CountryContact.country == country))
    existing = {row.language: row for row in rows}
    before = {language: _texts(existing.get(language)) for language in texts}
    for language, text in texts.items():
        _write_contact(country, language, text, existing.get(language))
    db.session.flush()
    after = {language: (text.support.strip(), text.reporting.strip()) for language, text in texts.items()}
    changes = diff(_fields(before), _fields(after))
    if changes:
        record(actor, "contacts.saved", country, now, changes=changes)


def _texts(row: CountryContact | None) -> tuple[str, str]:
    """A language's (support, reporting) texts; empty when it has none."""
    return (row.support, row.reporting) if row is not None else ("", "")


def _fields(texts: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Texts per language as the audit log's fields: "support.en", "reporting.en", ..."""
    return {
        f"{name}.{language}": value
        for language, pair in texts.items()
        for name, value in zip(("support", "reporting"), pair, strict=True)
    }


def _write_contact(country: str, language: str, text: ContactText, row: CountryContact | None) -> None:
    """Create, change or delete one language's contacts."""
    support, reporting = text.support.strip(), text.reporting.strip()
    if not (support or reporting):
        if row is not None:
            db.session.delete(row)
        return
    if row is None:
        row = CountryContact(country=country, language=language)
        db.session.add(row)
    row.support, row.reporting = support, reporting
