"""Refresher reminders: a plan per module, its forecast, hourly planning into the outbox."""

from ambassador.features import Feature, Job
from ambassador.mail import wanted
from ambassador.reminders import (
    models,  # noqa: F401  (the table)
    personal,
)
from ambassador.reminders.cli import reminders_cli
from ambassador.reminders.digests import DIGEST, SUMMARY, digest_still_wanted, summary_still_wanted
from ambassador.reminders.jobs import plan_reminders
from ambassador.reminders.nudges import KIND as NUDGE
from ambassador.reminders.nudges import still_wanted as nudge_still_wanted
from ambassador.reminders.sending import KIND, still_wanted
from ambassador.reminders.views import bp


def setup(app) -> None:
    """Before a reminder, digest or summary goes out, the outbox asks whether it is still wanted."""
    wanted.register(app, KIND, still_wanted)
    wanted.register(app, DIGEST, digest_still_wanted)
    wanted.register(app, SUMMARY, summary_still_wanted)
    wanted.register(app, NUDGE, nudge_still_wanted)


FEATURE = Feature(
    name="reminders",
    blueprints=(bp,),
    jobs=(Job(plan_reminders, {"trigger": "interval", "hours": 1}, catch_up=True),),
    commands=(reminders_cli,),
    setup=setup,
    export=personal.export,
    erase=personal.erase,
)
