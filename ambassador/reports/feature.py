"""Coverage reporting: the coordinator's dashboard, and the hourly snapshot it reads."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from ambassador.features import Feature, Job, NavItem
from ambassador.learning.queries import OFFICE_FIGURES
from ambassador.org.access import is_staff
from ambassador.reports import (
    models,  # noqa: F401  (the tables)
    snapshots,
)
from ambassador.reports.jobs import take_snapshot
from ambassador.reports.views import bp


def setup(app: Flask) -> None:
    """My training shows an employee their office's figure from the latest snapshot."""
    app.extensions[OFFICE_FIGURES] = snapshots.office_figures


FEATURE = Feature(
    name="reports",
    setup=setup,
    blueprints=(bp,),
    nav=(NavItem("reports.dashboard", _l("Coverage"), is_staff, 19),),
    jobs=(Job(take_snapshot, {"trigger": "interval", "hours": 1}, catch_up=True),),
)
