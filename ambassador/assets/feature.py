"""Images in module content, and support contacts per country."""

from ambassador.assets import personal
from ambassador.assets.views import bp
from ambassador.features import Feature

FEATURE = Feature(name="assets", blueprints=(bp,), erase=personal.erase)
