"""Ambassador: training, refreshers and coverage for a network of child-protection ambassadors."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from ambassador import cli, i18n, web
from ambassador import config as settings
from ambassador.auth import sessions
from ambassador.db import db
from ambassador.extensions import csrf, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the application: config -> extensions -> models -> blueprints -> cli -> errors."""
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
    _import_models()
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    sessions.init_app(app)
    i18n.init_app(app)

    _register_blueprints(app)
    cli.init_app(app)
    web.init_app(app)
    return app


def _import_models() -> None:
    """Import every model module so that metadata and migrations see all tables."""
    from ambassador.assets import models as asset_models  # noqa: F401
    from ambassador.audit import models as audit_models  # noqa: F401
    from ambassador.auth import models as auth_models  # noqa: F401
    from ambassador.completions import models as completion_models  # noqa: F401
    from ambassador.mail import models as mail_models  # noqa: F401
    from ambassador.org import models as org_models  # noqa: F401
    from ambassador.roster import models as roster_models  # noqa: F401
    from ambassador.training import models as training_models  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    """Register one blueprint per feature."""
    from ambassador.assets.views import bp as assets_bp
    from ambassador.audit.views import bp as audit_bp
    from ambassador.auth.views import bp as auth_bp
    from ambassador.authoring.views import bp as authoring_bp
    from ambassador.completions.views import bp as completions_bp
    from ambassador.core.views import bp as core_bp
    from ambassador.mail.views import bp as mail_bp
    from ambassador.org.views import bp as org_bp
    from ambassador.roster.views import bp as roster_bp
    from ambassador.training.views import bp as training_bp

    for blueprint in (
        core_bp,
        auth_bp,
        org_bp,
        roster_bp,
        mail_bp,
        audit_bp,
        training_bp,
        completions_bp,
        authoring_bp,
        assets_bp,
    ):
        app.register_blueprint(blueprint)
