"""Mail written to people."""

from flask_babel import lazy_gettext as _l

from ambassador.features import Feature, NavItem
from ambassador.mail.text import link_own_urls
from ambassador.mail.views import bp
from ambassador.org.access import is_admin

FEATURE = Feature(
    name="mail",
    blueprints=(bp,),
    nav=(NavItem("mail.outgoing", _l("Outgoing mail"), is_admin, 13),),
    filters={"link_own_urls": link_own_urls},
)
