"""The roster import from an HR export."""

from flask_babel import lazy_gettext as _l

from ambassador.features import Feature, Job, NavItem
from ambassador.org.access import is_admin
from ambassador.roster import personal
from ambassador.roster.cli import roster_cli
from ambassador.roster.forms import field_label
from ambassador.roster.jobs import purge_stale_uploads
from ambassador.roster.views import bp

FEATURE = Feature(
    name="roster",
    blueprints=(bp,),
    nav=(NavItem("roster.upload", _l("Roster import"), is_admin, 12),),
    filters={"field_label": field_label},
    jobs=(Job(purge_stale_uploads, {"trigger": "interval", "hours": 1}),),
    commands=(roster_cli,),
    export=personal.export,
    erase=personal.erase,
)
