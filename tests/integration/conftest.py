"""Fixtures of the integration tests that move a schema of their own down and up."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text

from app.config import _normalise_db_url
from tests.conftest import PG_URL


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request, tmp_path):
    """A database of its own: this test moves the schema down and up again."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/migrate.sqlite3"
        return
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    base = _normalise_db_url(PG_URL)
    name = f"yeobi_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
