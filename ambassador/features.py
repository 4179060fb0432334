"""What a feature package declares, and how `create_app` collects it.

A feature is a package with a `feature.py` that exports `FEATURE`: its blueprints, navigation
entries, template filters and globals, scheduled jobs, command groups, and what it keeps about a
person (how to export it and how to erase it, see `ambassador.personal`). `create_app` lists the
features once; nothing else needs to learn about a new one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, current_app
from flask_login import current_user

EXTENSION = "ambassador.features"


@dataclass(frozen=True)
class NavItem:
    """A navigation entry, shown to the people for whom `allowed(person)` is true.

    Entries are shown by `order`; a person's home page is the first entry they see.
    """

    endpoint: str
    label: object
    allowed: Callable
    order: int


@dataclass(frozen=True)
class Job:
    """A periodic job: a module-level function that runs inside an app context.

    A `catch_up` job also runs once as soon as the scheduler starts, so a run missed while the
    scheduler was down is caught up at once rather than at the next interval.
    """

    func: Callable[[], object]
    trigger: dict
    catch_up: bool = False

    @property
    def name(self) -> str:
        """The job's id in the scheduler."""
        return self.func.__name__


@dataclass(frozen=True)
class Feature:
    """Everything one feature package adds to the application."""

    name: str
    blueprints: tuple = ()
    nav: tuple[NavItem, ...] = ()
    filters: dict = field(default_factory=dict)
    template_globals: dict = field(default_factory=dict)
    jobs: tuple[Job, ...] = ()
    commands: tuple = ()
    setup: Callable[[Flask], None] | None = None
    # What the feature keeps about a person (ambassador.personal): export(person) -> [Section],
    # erase(erasures, now) removes or pseudonymises it (it flushes; the caller commits).
    export: Callable | None = None
    erase: Callable | None = None


@dataclass
class Registry:
    """The features of one application, collected by `install`."""

    features: list[Feature]

    @property
    def nav(self) -> list[NavItem]:
        """Every navigation entry, in order."""
        return sorted((item for f in self.features for item in f.nav), key=lambda item: item.order)

    @property
    def jobs(self) -> list[Job]:
        """Every periodic job."""
        return [job for f in self.features for job in f.jobs]

    @property
    def exporters(self) -> list[Callable]:
        """Each feature's export of a person's data, bottom layer first."""
        return [f.export for f in self.features if f.export]

    @property
    def erasers(self) -> list[Callable]:
        """Each feature's erasure of a person's data, bottom layer first."""
        return [f.erase for f in self.features if f.erase]


def install(app: Flask, features: list[Feature]) -> None:
    """Register each feature's blueprints, filters, globals and commands on `app`."""
    for feature in features:
        for blueprint in feature.blueprints:
            app.register_blueprint(blueprint)
        app.jinja_env.filters.update(feature.filters)
        app.jinja_env.globals.update(feature.template_globals)
        for command in feature.commands:
            app.cli.add_command(command)
        if feature.setup:
            feature.setup(app)
    app.extensions[EXTENSION] = Registry(list(features))
    app.context_processor(_navigation)


def registry(app: Flask | None = None) -> Registry:
    """The features of `app` (default: the current app)."""
    return (app or current_app).extensions[EXTENSION]


def navigation_for(person) -> list[NavItem]:
    """The navigation entries `person` may use, in order."""
    return [item for item in registry().nav if item.allowed(person)]


def _navigation() -> dict:
    """Template context: the signed-in person's navigation."""
    if not current_user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": [(item.endpoint, item.label) for item in navigation_for(current_user)]}
