"""Completions, standings, the status rule and certificates."""

from ambassador.completions.status import label
from ambassador.completions.views import bp
from ambassador.features import Feature

FEATURE = Feature(name="completions", blueprints=(bp,), filters={"status_label": label})
