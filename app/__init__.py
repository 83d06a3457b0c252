"""Tongbao (统报): county unified reporting. `create_app` builds the Flask application."""

import logging
import os

from flask import Flask, request

from app.extensions import babel, csrf, db, login_manager, migrate
from config import CONFIGS, INSTANCE_DIR


def create_app(config_name: str | None = None, overrides: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, errors, logging, CLI."""
    config_name = config_name or os.environ.get("TONGBAO_CONFIG", "development")
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    config = CONFIGS[config_name]
    if hasattr(config, "check"):
        config.check()
    app.config.from_object(config)
    app.config.update(overrides or {})
    INSTANCE_DIR.mkdir(exist_ok=True)

    configure_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)

    return app


def configure_logging(app: Flask) -> None:
    """Log to stderr once, at the configured level."""
    logging.basicConfig(
        level=app.config["LOG_LEVEL"],
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def register_extensions(app: Flask) -> None:
    """Bind database, migrations, login, CSRF and translations to the app."""
    from app import models  # noqa: F401  (the models must be known to Alembic)

    db.init_app(app)
    migrations = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")
    migrate.init_app(app, db, directory=migrations, render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=lambda: "zh_Hans_CN")

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        _configure_sqlite(app)


def _configure_sqlite(app: Flask) -> None:
    """WAL and a busy timeout let several gunicorn workers share the SQLite file."""
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, "connect")
        def set_pragmas(connection, _record):
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            if app.config["SQLALCHEMY_DATABASE_URI"] != "sqlite://":
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()


def register_blueprints(app: Flask) -> None:
    """Mount each domain's routes."""
    from app.admin.routes import blueprint as admin
    from app.auth.routes import blueprint as auth
    from app.bulletins.routes import blueprint as bulletins
    from app.home.routes import blueprint as home
    from app.report_templates.routes import blueprint as report_templates
    from app.rollups.routes import blueprint as rollups
    from app.submissions.routes import blueprint as submissions
    from app.tasks.routes import blueprint as tasks

    blueprints = (auth, home, tasks, submissions, rollups, bulletins, report_templates, admin)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def register_error_handlers(app: Flask) -> None:
    """Friendly Chinese pages for the errors a user can meet."""
    from app.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    """Filters and globals the page templates share."""
    from app.ui import register

    register(app)


def register_commands(app: Flask) -> None:
    """`flask demo load`, `flask rollup export`."""
    from app.demo.commands import demo
    from app.rollups.commands import rollup
    from app.tasks.commands import tasks

    app.cli.add_command(demo)
    app.cli.add_command(rollup)
    app.cli.add_command(tasks)

    @app.after_request
    def no_store_for_pages(response):
        # Pages hold a unit's data: keep them out of shared caches.
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response
