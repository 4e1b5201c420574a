"""The Yeobi web application: create_app() wires everything; nothing connects at import time."""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import Config


def create_app(config: Config | None = None, **overrides: object) -> Flask:
    """Build a configured Flask app (tests pass their own config)."""
    config = config or Config(**overrides)
    config.validate()
    _load_rules()
    _ensure_local_dirs(config)
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(config)
    if app.config.get("TRUST_PROXY"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    from app import models  # noqa: F401  (register tables)
    from app.api import register_api
    from app.auth import init_auth
    from app.cli import register_cli
    from app.edge import init_edge
    from app.headers import init_headers
    from app.errors import register_error_handlers
    from app.extensions import db, limiter, migrate
    from app.logs import configure_logging
    from app.web import register_web
    import ocr

    configure_logging(app)
    # The receipt reader the OCR jobs call (STYLE.md 9): tests put a fake one here, never in config.
    app.extensions["yeobi_reader"] = ocr.extract
    db.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_dir()))
    limiter.init_app(app)
    # Only decorated routes (login) carry limits and their decorators check them; the global
    # before-request check would cost ~15% of a cheap authenticated request for nothing.
    app.before_request_funcs[None].remove(limiter._check_request_limit)
    init_auth(app)
    register_error_handlers(app)
    init_headers(app)
    init_edge(app)  # before the API's hooks: idempotency must never store a refused body
    register_api(app)
    register_web(app)
    register_cli(app)
    if app.config.get("OCR_EMBEDDED_WORKER") and not app.config.get("REDIS_URL"):
        from app.services.ocr_jobs import install_embedded_worker

        install_embedded_worker(app)  # threads start on the first request, after any fork
    if (app.config.get("NOTIFY_EMBEDDED_WORKER") and not app.config.get("REDIS_URL")
            and not app.config.get("TESTING")):
        from app.services.notify_worker import install_embedded_worker as install_notify_worker

        install_notify_worker(app)  # sends mails and pushes; tests run the worker themselves
    return app


def _load_rules() -> None:
    """Check every rules data file (workflow/data) now: a broken one stops start-up, naming the field."""
    from app.config import ConfigError
    from workflow.rulebook import RulesError, load_rules

    try:
        load_rules()
    except RulesError as exc:
        raise ConfigError(f"여비 rules data is broken, refusing to start: {exc}") from None


def _migrations_dir():
    from app.config import BASE_DIR

    return BASE_DIR / "migrations"


def _ensure_local_dirs(config: Config) -> None:
    """A fresh clone has no instance/ folder: create the SQLite file's folder and UPLOAD_DIR."""
    from pathlib import Path

    uri = config.SQLALCHEMY_DATABASE_URI
    if uri.startswith("sqlite:///") and uri != "sqlite:///:memory:":
        Path(uri[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    Path(config.UPLOAD_DIR).mkdir(parents=True, exist_ok=True)
