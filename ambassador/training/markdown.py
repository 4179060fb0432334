"""Module content: Markdown rendered with markdown-it-py and sanitised with nh3."""

import re

import nh3
from flask_babel import lazy_gettext as _l
from markdown_it import MarkdownIt

from ambassador.errors import UserError

# Raw HTML in Markdown is never rendered; these patterns are refused outright with a message,
# so an author learns at once that scripts and event handlers have no place in a module.
FORBIDDEN = re.compile(r"<\s*(script|iframe|object|embed|style)\b|\bon[a-z]+\s*=|javascript\s*:", re.I)
ALLOWED_IMAGE = re.compile(r"^(/static/(?!.*\.\.)[\w./-]+|/authoring/images/\d+)$")
TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "img",
    "blockquote",
    "code",
    "pre",
    "hr",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


class ContentError(UserError):
    """Content that cannot be saved; the message says why."""


def _image_sources(source: str):
    """Every image address the Markdown would render, reference-style ones included."""
    for token in _md.parse(source or ""):
        for child in token.children or []:
            if child.type == "image":
                yield str(child.attrGet("src") or "")


def check(source: str) -> None:
    """Refuse scripts, event handlers and images from anywhere but uploads and static/."""
    if FORBIDDEN.search(source):
        raise ContentError(
            _l("Scripts, embedded frames and event handlers are not allowed in module content.")
        )
    for url in _image_sources(source):
        if not ALLOWED_IMAGE.match(url):
            raise ContentError(
                _l("Images must be uploaded files or come from /static/ (not %(url)s).", url=url[:80])
            )


def render(source: str) -> str:
    """Markdown to safe HTML; headings start at h2 because the page has the h1."""
    html = _md.render(source or "")
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
