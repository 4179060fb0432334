"""Sign-in, sessions and passwords."""

from ambassador.auth import invitations, jobs, oidc, personal, services, sessions
from ambassador.auth.cli import users_cli
from ambassador.auth.views import bp
from ambassador.features import Feature, Job
from ambassador.mail import wanted
from ambassador.org.signals import people_deactivated
from ambassador.web import allow_form_targets


def _end_sessions_of_deactivated(sender, person_ids: list[int], **extra) -> None:
    """Deactivated people are signed out everywhere, in the same transaction."""
    services.end_sessions(person_ids)


def may_use_password(person) -> bool:
    """Whether to offer `person` the password pages (not with PASSWORD_SIGNIN=off, but to administrators)."""
    return services.password_allowed(person, oidc.admins_only())


def setup(app) -> None:
    """Sessions behind Flask-Login, sign-out on deactivation, invitations checked before they go.

    The sign-out form may lead on to the company's provider (RP-initiated logout): the CSP allows it.
    """
    sessions.init_app(app)
    allow_form_targets(app, oidc.form_targets)
    people_deactivated.connect(_end_sessions_of_deactivated)
    wanted.register(app, invitations.KIND, invitations.still_wanted)


FEATURE = Feature(
    name="auth",
    blueprints=(bp,),
    jobs=(Job(jobs.purge_expired, {"trigger": "interval", "minutes": 15}),),
    commands=(users_cli,),
    template_globals={"may_use_password": may_use_password},
    setup=setup,
    export=personal.export,
    erase=personal.erase,
)
