"""The published catalogue, read from memory while it has not changed.

The catalogue changes a few times a year but every learner's page reads it. Each worker keeps the
published modules (with texts and audience) and their rendered Markdown in memory, under the token
of the `catalogue_revision` row. Any flush that adds, changes or deletes a catalogue object writes a
new random token in the same transaction, so every worker sees the change on its next request: a page
costs one small statement for the token instead of loading and rendering the catalogue, and nothing
stale is served after a publish. Bulk statements that bypass the ORM must call `touch` themselves.
"""

import secrets
import threading
from collections import OrderedDict

import sqlalchemy as sa
from flask import g, has_app_context
from sqlalchemy.orm import Session, selectinload

from ambassador.db import db
from ambassador.training import markdown
from ambassador.training.models import (
    CatalogueRevision,
    Choice,
    Module,
    ModuleCountry,
    ModuleText,
    ModuleVersion,
    Question,
)

CATALOGUE_TYPES = (Module, ModuleText, ModuleVersion, Question, Choice, ModuleCountry)
_revision = CatalogueRevision.__table__


class _Snapshot:
    """The published modules as of one token, detached from any session, and their rendered texts."""

    def __init__(self, token: str, modules: list[Module]):
        self.token = token
        self.modules = modules
        self.by_id = {module.id: module for module in modules}
        self.html: dict[tuple[int, str], str] = {}
        self.derived: OrderedDict = OrderedDict()


DERIVED_KEPT = 256  # things built from the catalogue (statements), the most recently used
_cache: dict[str, _Snapshot] = {}
_lock = threading.Lock()


def touch(connection) -> None:
    """Give the catalogue a new token (in the caller's transaction)."""
    token = secrets.token_hex(16)
    updated = connection.execute(_revision.update().where(_revision.c.id == 1).values(token=token))
    if updated.rowcount == 0:
        connection.execute(_revision.insert().values(id=1, token=token))


@sa.event.listens_for(Session, "before_flush")
def _touch_on_change(session, flush_context, instances) -> None:
    """Every flush that changes a catalogue object changes the token, in the same transaction."""
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, CATALOGUE_TYPES) for obj in changed):
        touch(session.connection())
        if has_app_context():
            g.pop("catalogue", None)  # this request or job reads its own change ...
            g.catalogue_changed = True  # ... from its own session: others cannot see it before commit


def _published() -> sa.Select:
    """The published modules with their texts and audience, loaded at once."""
    return (
        sa.select(Module)
        .where(Module.published.is_(True))
        .options(
            selectinload(Module.texts),
            selectinload(Module.audience_offices),
            selectinload(Module.country_rows),
        )
        .order_by(Module.id)
    )


def _load(token: str) -> _Snapshot:
    """Load the published modules in a private session and detach them, fully loaded."""
    with Session(db.engine, expire_on_commit=False) as session:
        modules = list(session.scalars(_published()))
        session.expunge_all()
    return _Snapshot(token, modules)


def _snapshot() -> _Snapshot:
    """The current snapshot, looked up once per request."""
    if not has_app_context():
        return _current()
    if "catalogue" not in g:
        g.catalogue = _current()
    return g.catalogue


def _current() -> _Snapshot:
    """One statement for the token; the catalogue is loaded only when the token changed.

    A request or job that changed the catalogue itself reads it from its own session and caches
    nothing: a private session would not see the uncommitted change, and caching what it saw under
    the new token would show every worker the catalogue without the change.
    """
    if has_app_context() and g.get("catalogue_changed"):
        return _Snapshot("", list(db.session.scalars(_published())))
    token = db.session.scalar(sa.select(_revision.c.token).where(_revision.c.id == 1))
    if token is None:  # never touched (an empty database): nothing to cache by
        return _load("")
    snapshot = _cache.get(token)
    if snapshot is None:
        snapshot = _load(token)
        with _lock:
            _cache.clear()
            _cache[token] = snapshot
    return snapshot


def published_modules() -> list[Module]:
    """Published modules with their texts and audience (detached: read them, do not change them)."""
    return _snapshot().modules


def derived(modules: list[Module], key: tuple, build):
    """What `build()` makes from the published `modules` and `key` alone, kept while the catalogue stands.

    For statements that take milliseconds to build for each page (the status rule over every
    module): the worker keeps the latest DERIVED_KEPT of them with the catalogue and builds them
    again after any change to it. `key` must hold everything else `build` reads. When `modules` is
    not the current catalogue's list (or the catalogue changed in this request), it is built and
    not kept.
    """
    snapshot = _snapshot()
    if modules is not snapshot.modules or not snapshot.token:
        return build()
    with _lock:
        found = snapshot.derived.get(key)
        if found is not None:
            snapshot.derived.move_to_end(key)
            return found
    value = build()
    with _lock:
        snapshot.derived[key] = value
        while len(snapshot.derived) > DERIVED_KEPT:
            snapshot.derived.popitem(last=False)
    return value


def published_module(module_id: int) -> Module | None:
    """One published module from the catalogue, or None."""
    return _snapshot().by_id.get(module_id)


def content_html(module: Module, language: str) -> str:
    """A published module's content in `language` as safe HTML, rendered once per change."""
    snapshot = _snapshot()
    key = (module.id, language)
    html = snapshot.html.get(key)
    if html is None:
        html = snapshot.html[key] = markdown.render(module.text(language).content)
    return html
