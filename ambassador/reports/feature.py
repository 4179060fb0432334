"""Coverage reporting: the hourly snapshot the coordinator's pages read."""

from ambassador.features import Feature, Job
from ambassador.reports import models  # noqa: F401  (the tables)
from ambassador.reports.jobs import take_snapshot

FEATURE = Feature(
    name="reports",
    jobs=(Job(take_snapshot, {"trigger": "interval", "hours": 1}, catch_up=True),),
)
