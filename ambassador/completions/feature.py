"""Completions, standings, the status rule, certificates and the import of past completions."""

from flask_babel import lazy_gettext as _l

from ambassador.completions import personal
from ambassador.completions.cli import completions_cli
from ambassador.completions.jobs import purge_stale_completion_uploads
from ambassador.completions.status import label
from ambassador.completions.views import bp
from ambassador.features import Feature, Job, NavItem
from ambassador.org.access import is_staff

FEATURE = Feature(
    name="completions",
    blueprints=(bp,),
    nav=(NavItem("completions.import_upload", _l("Past completions"), is_staff, 31),),
    filters={"status_label": label, "completion_method": personal.method_label},
    jobs=(Job(purge_stale_completion_uploads, {"trigger": "interval", "hours": 1}),),
    commands=(completions_cli,),
    export=personal.export,
    erase=personal.erase,
)
