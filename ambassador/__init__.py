"""Ambassador: training, refreshers and coverage for a network of child-protection ambassadors."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from ambassador import cli, features, i18n, web
from ambassador import config as settings
from ambassador.db import db
from ambassador.extensions import csrf, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the application: config -> extensions -> features (models, blueprints, cli) -> errors."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    settings.load(app, config)
    app.url_map.converters["int"] = web.DatabaseId
    if app.config["PROXY_FIX_X_FOR"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"], x_proto=1)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)

    features.install(app, _features())
    cli.init_app(app)
    web.init_app(app)
    return app


def _features() -> list:
    """Every feature, bottom layer first. A new feature is one line here."""
    from ambassador.api.feature import FEATURE as api
    from ambassador.assets.feature import FEATURE as assets
    from ambassador.audit.feature import FEATURE as audit
    from ambassador.auth.feature import FEATURE as auth
    from ambassador.authoring.feature import FEATURE as authoring
    from ambassador.completions.feature import FEATURE as completions
    from ambassador.core.feature import FEATURE as core
    from ambassador.demo.feature import FEATURE as demo
    from ambassador.learning.feature import FEATURE as learning
    from ambassador.mail.feature import FEATURE as mail
    from ambassador.org.feature import FEATURE as org
    from ambassador.privacy.feature import FEATURE as privacy
    from ambassador.reminders.feature import FEATURE as reminders
    from ambassador.reports.feature import FEATURE as reports
    from ambassador.roster.feature import FEATURE as roster
    from ambassador.training.feature import FEATURE as training
    from ambassador.workshops.feature import FEATURE as workshops

    return [
        audit,
        org,
        mail,
        auth,
        training,
        completions,
        assets,
        learning,
        reminders,
        workshops,
        authoring,
        roster,
        reports,
        api,
        privacy,
        core,
        demo,
    ]
