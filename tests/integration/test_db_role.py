"""The application's PostgreSQL role: it works, but cannot rewrite the audit trail or access log."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.extensions import db
from app.services.db_role import role_statements
from tests.factories import login
from tests.trip_helpers import act, create_trip, make_office


@pytest.fixture
def app_role(app, backend):
    """A fresh role made by `flask db-role`, dropped afterwards (roles are cluster-wide)."""
    if backend != "postgres":
        pytest.skip("database roles exist on PostgreSQL only")
    role, password = f"yeobi_app_t{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    result = app.test_cli_runner().invoke(args=["db-role", role, "--password-env", "YEOBI_T_PW"],
                                          env={"YEOBI_T_PW": password})
    assert result.exit_code == 0, result.output
    url = make_url(str(db.engine.url)).set(username=role, password=password)
    engine = create_engine(url)
    try:
        yield role, engine
    finally:
        engine.dispose()
        with db.engine.begin() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))


def _refused(engine, sql: str) -> str:
    with pytest.raises(Exception) as info:
        with engine.begin() as conn:
            conn.execute(text(sql))
    return str(info.value)


def test_the_app_role_cannot_update_delete_or_truncate_the_trails(app, app_role):
    role, engine = app_role
    client = app.test_client()
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    db.session.remove()
    for table in ("trip_events", "access_log"):
        for sql in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}", f"TRUNCATE {table}"):
            assert "permission denied" in _refused(engine, sql), sql
        # Owning nothing, it cannot switch the insert-only triggers off either.
        assert "must be owner" in _refused(
            engine, f"ALTER TABLE {table} DISABLE TRIGGER ALL")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM trip_events")).scalar() == 1
        owned = conn.execute(text("SELECT count(*) FROM pg_tables WHERE tableowner = :r"),
                             {"r": role}).scalar()
    assert owned == 0


def test_the_app_runs_its_workflow_as_that_role(app, app_role):
    from app import create_app
    from app.config import Config
    from tests.openapi_check import ValidatingClient

    _, engine = app_role
    office = make_office(app.test_client())
    db.session.remove()
    settings = {k: app.config[k] for k in ("ENV", "TESTING", "UPLOAD_DIR", "SECRET_KEY",
                                           "JWT_SECRET_KEY", "OCR_EMBEDDED_WORKER")}
    as_role = create_app(Config(**settings, SQLALCHEMY_DATABASE_URI=engine.url.render_as_string(
        hide_password=False)))
    as_role.test_client_class = ValidatingClient
    with as_role.app_context():
        client = as_role.test_client()
        h_traveler, h_approver = login(client, office.traveler.username), login(
            client, office.approver.username)
        trip = create_trip(client, h_traveler)
        assert act(client, h_traveler, trip["id"], "apply").status_code == 200
        assert act(client, h_approver, trip["id"], "approve").status_code == 200
        assert client.get(f"/api/v1/trips/{trip['id']}", headers=h_approver).status_code == 200
        result = as_role.test_cli_runner().invoke(args=["audit", "verify"])
        assert result.exit_code == 0, result.output
        db.session.remove()
        db.engine.dispose()


def test_role_statements_grant_only_select_and_insert_on_the_trails():
    sql = role_statements(role="yeobi_app", password=None, database="yeobi",
                          tables=["trips", "trip_events", "access_log", "alembic_version"])
    assert 'GRANT SELECT, INSERT ON "trip_events" TO yeobi_app' in sql
    assert 'GRANT SELECT, INSERT ON "access_log" TO yeobi_app' in sql
    assert 'GRANT SELECT, INSERT, UPDATE, DELETE ON "trips" TO yeobi_app' in sql
    assert 'GRANT SELECT ON "alembic_version" TO yeobi_app' in sql
    assert not any("TRUNCATE" in s for s in sql)
