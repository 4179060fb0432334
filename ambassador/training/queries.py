"""Reads of the catalogue that every language needs: module titles."""

from collections import defaultdict

import sqlalchemy as sa

from ambassador.db import db
from ambassador.training.models import Module, ModuleText


def module_titles(language: str) -> dict[int, str]:
    """Every module's title in `language`, else in its default language (one statement)."""
    query = sa.select(ModuleText.module_id, ModuleText.language, ModuleText.title, Module.default_language)
    texts: dict[int, dict[str, str]] = defaultdict(dict)
    defaults: dict[int, str] = {}
    for module_id, text_language, title, default in db.session.execute(query.join(Module)):
        texts[module_id][text_language] = title
        defaults[module_id] = default
    return {m: t.get(language) or t.get(defaults[m]) or next(iter(t.values())) for m, t in texts.items()}
