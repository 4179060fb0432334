"""Sign-in, sessions and passwords."""

from ambassador.auth import invitations, jobs, personal, services, sessions
from ambassador.auth.cli import users_cli
from ambassador.auth.views import bp
from ambassador.features import Feature, Job
from ambassador.mail import wanted
from ambassador.org.signals import people_deactivated


def _end_sessions_of_deactivated(sender, person_ids: list[int], **extra) -> None:
    """Deactivated people are signed out everywhere, in the same transaction."""
    services.end_sessions(person_ids)


def setup(app) -> None:
    """Sessions behind Flask-Login, sign-out on deactivation, invitations checked before they go."""
    sessions.init_app(app)
    people_deactivated.connect(_end_sessions_of_deactivated)
    wanted.register(app, invitations.KIND, invitations.still_wanted)


FEATURE = Feature(
    name="auth",
    blueprints=(bp,),
    jobs=(Job(jobs.purge_expired, {"trigger": "interval", "minutes": 15}),),
    commands=(users_cli,),
    setup=setup,
    export=personal.export,
    erase=personal.erase,
)
