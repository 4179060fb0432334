"""Coverage reporting: the coordinator's dashboard, and the hourly snapshot it reads."""

from flask_babel import lazy_gettext as _l

from ambassador.features import Feature, Job, NavItem
from ambassador.org.access import is_staff
from ambassador.reports import models  # noqa: F401  (the tables)
from ambassador.reports.jobs import take_snapshot
from ambassador.reports.views import bp

FEATURE = Feature(
    name="reports",
    blueprints=(bp,),
    nav=(NavItem("reports.dashboard", _l("Coverage"), is_staff, 19),),
    jobs=(Job(take_snapshot, {"trigger": "interval", "hours": 1}, catch_up=True),),
)
