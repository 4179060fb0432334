"""The shell: home page, language switch and health check."""

from ambassador.core.views import bp
from ambassador.features import Feature

FEATURE = Feature(name="core", blueprints=(bp,))
