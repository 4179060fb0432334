"""Images for module content and the support contacts shown with content warnings."""

import io
import warnings
from datetime import datetime

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from ambassador.assets.models import CountryContact, ModuleImage
from ambassador.audit.services import record
from ambassador.db import db
from ambassador.errors import UserError

IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024


class AssetError(UserError):
    """An upload that is refused; the message says why."""


def save_image(data: bytes, *, actor, now: datetime) -> ModuleImage:
    """Keep an uploaded image after checking that it really is one (by its content, not its name)."""
    if len(data) > MAX_IMAGE_BYTES:
        raise AssetError(_l("The image is larger than 5 MB."))
    try:
        with warnings.catch_warnings():
            # An image whose header claims a huge size is refused, not decompressed.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise AssetError(_l("The image is too large in pixels.")) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise AssetError(_l("The file is not an image. Upload a PNG, JPEG, GIF or WebP file.")) from None
    if kind not in IMAGE_TYPES:
        raise AssetError(_l("Upload a PNG, JPEG, GIF or WebP file."))
    image = ModuleImage(content_type=IMAGE_TYPES[kind], data=data, created_at=now)
    db.session.add(image)
    db.session.flush()
    record(actor, "image.uploaded", f"image {image.id} ({kind}, {len(data)} bytes)", now)
    return image


def save_contact(country: str, *, support: str, reporting: str, actor, now: datetime) -> CountryContact:
    """Set the support and reporting contacts of a country."""
    contact = db.session.get(CountryContact, country) or CountryContact(country=country)
    contact.support, contact.reporting = support.strip(), reporting.strip()
    db.session.add(contact)
    record(actor, "contacts.saved", country, now)
    return contact
