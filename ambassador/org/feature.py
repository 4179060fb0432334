"""Offices, people, roles and ambassador posts."""

from flask_babel import lazy_gettext as _l

from ambassador.features import Feature, NavItem
from ambassador.org import personal
from ambassador.org.access import is_admin, is_ambassador, is_staff
from ambassador.org.views import bp


def _coordinator_only(person) -> bool:
    """Administrators reach offices through their own list; coordinators through this one."""
    return is_staff(person) and not is_admin(person)


FEATURE = Feature(
    name="org",
    blueprints=(bp,),
    nav=(
        NavItem("org.people", _l("People"), is_admin, 10),
        NavItem("org.manage_offices", _l("Offices"), is_admin, 11),
        NavItem("org.audit_log", _l("Audit log"), is_admin, 14),
        NavItem("org.offices", _l("All offices"), _coordinator_only, 20),
        NavItem("org.my_offices", _l("My offices"), is_ambassador, 40),
    ),
    export=personal.export,
    erase=personal.erase,
)
