"""Refresher reminders (being built: the plan and the schedule rule are in; planning comes next)."""

from ambassador.features import Feature
from ambassador.reminders import models  # noqa: F401  (the table)

FEATURE = Feature(name="reminders")
