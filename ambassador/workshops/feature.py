"""Workshops: an ambassador records one, and each attendee completes the module."""

from flask_babel import lazy_gettext as _l

from ambassador.features import Feature, NavItem
from ambassador.org.access import is_ambassador
from ambassador.workshops import (
    models,  # noqa: F401  (the tables)
    personal,
)
from ambassador.workshops.views import bp

FEATURE = Feature(
    name="workshops",
    blueprints=(bp,),
    nav=(NavItem("workshops.mine", _l("Workshops"), is_ambassador, 41),),
    export=personal.export,
)
