"""Personal data: each person's profile and own data, erasure, and the nightly retention job."""

from flask_babel import lazy_gettext as _l

from ambassador.features import Feature, Job, NavItem
from ambassador.org.access import is_admin
from ambassador.privacy.cli import privacy_cli
from ambassador.privacy.jobs import erase_leavers
from ambassador.privacy.queries import RUN_AT
from ambassador.privacy.values import personal_value
from ambassador.privacy.views import bp

FEATURE = Feature(
    name="privacy",
    blueprints=(bp,),
    nav=(NavItem("privacy.retention", _l("Data retention"), is_admin, 15),),
    filters={"personal_value": personal_value},
    jobs=(Job(erase_leavers, {"trigger": "cron", **RUN_AT}),),
    commands=(privacy_cli,),
)
