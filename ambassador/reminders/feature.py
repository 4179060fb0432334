"""Refresher reminders: a plan per module, its forecast, and (next) planning into the outbox."""

from ambassador.features import Feature
from ambassador.reminders import models  # noqa: F401  (the table)
from ambassador.reminders.views import bp

FEATURE = Feature(name="reminders", blueprints=(bp,))
