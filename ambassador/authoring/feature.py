"""Writing, versioning and publishing modules."""

from flask_babel import lazy_gettext as _l

from ambassador.authoring.views import bp
from ambassador.features import Feature, NavItem
from ambassador.org.access import is_staff

FEATURE = Feature(
    name="authoring",
    blueprints=(bp,),
    nav=(NavItem("authoring.modules", _l("Modules"), is_staff, 30),),
)
