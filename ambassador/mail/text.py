"""Showing written mail: links to this site become clickable, everything else stays text."""

import re

from flask import current_app
from markupsafe import Markup, escape

# A URL ends at whitespace or at a character that cannot end one in running text.
_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")


def link_own_urls(text: str) -> Markup:
    """Escape `text` and turn every address on this site (BASE_URL) into a link.

    Only our own addresses are linked: a message can quote what someone typed (a name), and an
    administrator should never be one click from a stranger's site.
    """
    base = current_app.config["BASE_URL"].rstrip("/") + "/"
    parts, last = [], 0
    for match in _URL.finditer(text):
        url = match.group(0)
        if not url.startswith(base):
            continue
        parts += [escape(text[last : match.start()]), Markup('<a href="{0}">{0}</a>').format(url)]
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)
