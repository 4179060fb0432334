"""The outbox: every email, queued durably and delivered over SMTP."""

from flask_babel import lazy_gettext as _l

from ambassador.features import Feature, Job, NavItem
from ambassador.mail import jobs, personal
from ambassador.mail.cli import outbox_cli
from ambassador.mail.labels import kind_label, state_label
from ambassador.mail.text import link_own_urls
from ambassador.mail.views import bp
from ambassador.org.access import is_admin

FEATURE = Feature(
    name="mail",
    blueprints=(bp,),
    nav=(NavItem("mail.outbox", _l("Outbox"), is_admin, 13),),
    filters={"link_own_urls": link_own_urls, "mail_state": state_label, "mail_kind": kind_label},
    jobs=(
        Job(jobs.deliver_outbox, {"trigger": "interval", "minutes": 1}),
        Job(jobs.purge_outbox, {"trigger": "cron", "hour": 3, "minute": 40}),
    ),
    commands=(outbox_cli,),
    export=personal.export,
    erase=personal.erase,
)
