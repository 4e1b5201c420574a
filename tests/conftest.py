"""Fixtures: an app per test on SQLite (and PostgreSQL when TEST_DATABASE_URL is set)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text

from app import create_app
from app.config import Config
from app.extensions import db
from app.services import accounts
from tests.openapi_check import ValidatingClient

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("TEST_DATABASE_URL")

# Cheap argon2 parameters: tests hash many passwords; production keeps the library defaults.
accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
accounts._DUMMY_HASH = accounts._hasher.hash("not-a-real-password")


def _migrate(url: str) -> None:
    """Build the schema the way production does: with the Alembic migrations."""
    from flask_migrate import upgrade

    app = create_app(Config(ENV="testing", TESTING=True, SQLALCHEMY_DATABASE_URI=url,
                            OCR_EMBEDDED_WORKER=False))
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("db") / "template.sqlite3"
    _migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_migrated() -> str | None:
    if not PG_URL:
        return None
    from app.config import _normalise_db_url

    url = _normalise_db_url(PG_URL)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    _migrate(url)
    return url


def _backends() -> list:
    params = [pytest.param("sqlite", id="sqlite")]
    if PG_URL:
        params.append(pytest.param("postgres", id="postgres", marks=pytest.mark.postgres))
    return params


def _truncate_pg(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        tables = conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'"
        )).scalars().all()
        # The insert-only tables refuse TRUNCATE by trigger; a test reset runs as superuser in
        # replica mode, where ordinary triggers do not fire.
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


def make_app(backend: str, tmp_path: Path, request, **overrides):
    """An app on a fresh copy of the migrated database of `backend`."""
    if backend == "postgres":
        url = request.getfixturevalue("pg_migrated")
        _truncate_pg(url)
    else:
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "test.sqlite3"
        shutil.copy(template, path)
        url = f"sqlite:///{path}"
    settings = dict(ENV="testing", TESTING=True, SQLALCHEMY_DATABASE_URI=url,
                    UPLOAD_DIR=str(tmp_path / "uploads"), OCR_EMBEDDED_WORKER=False,
                    SECRET_KEY="test-secret-key-0123456789abcdef-0123",
                    JWT_SECRET_KEY="test-jwt-key-0123456789abcdef-0123456789")
    settings.update(overrides)
    app = create_app(Config(**settings))
    app.test_client_class = ValidatingClient
    return app


@pytest.fixture(params=_backends())
def backend(request) -> str:
    return request.param


@pytest.fixture
def app(backend, tmp_path, request):
    app = make_app(backend, tmp_path, request)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def session(app):
    return db.session


@pytest.fixture
def demo(app):
    """The demo organisation and users of `flask seed-demo`."""
    accounts.seed_demo(session=db.session)
    return {u.username: u for u in accounts.DEMO_USERS}
