"""Migrations build and remove the schema; the demo seed creates what the README promises."""
from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from app import create_app
from app.config import Config
from app.extensions import db
from app.models import User
from tests.conftest import ROOT

MIGRATIONS = str(ROOT / "migrations")


def test_migrations_upgrade_and_downgrade_on_an_empty_database(tmp_path):
    app = create_app(Config(ENV="testing", TESTING=True,
                            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/empty.sqlite3"))
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        tables = set(inspect(db.engine).get_table_names())
        assert {"users", "trips", "trip_events", "receipts", "statements", "export_batches"} <= tables
        downgrade(directory=MIGRATIONS, revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(directory=MIGRATIONS)
        assert "trips" in set(inspect(db.engine).get_table_names())
        db.engine.dispose()


def test_models_match_the_migrations(app):
    """Autogenerate finds nothing to add: the migrations describe every model."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_seed_demo_creates_the_demo_users_and_prints_them(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--no-trips"])
    assert result.exit_code == 0, result.output
    for name in ("traveler1", "traveler2", "traveler3", "approver1", "approver2", "finance1", "admin1"):
        assert name in result.output
    users = {u.username: u for u in db.session.scalars(select(User))}
    assert users["traveler1"].unit.code == users["traveler2"].unit.code == "UNIT-A"
    assert users["traveler3"].unit.code == "UNIT-B"
    assert users["approver1"].approved_unit_ids == {users["traveler1"].unit_id}
    assert users["approver2"].approved_unit_ids == {users["traveler3"].unit_id}
    assert users["finance1"].roles == {"finance"} and users["finance1"].is_service_account
    assert users["admin1"].roles == {"admin"}
    # Running it again keeps what exists.
    assert app.test_cli_runner().invoke(args=["seed-demo", "--no-trips"]).exit_code == 0


def test_seed_demo_password_option(app, client):
    app.test_cli_runner().invoke(args=["seed-demo", "--no-trips", "--password", "other-pass-1"])
    resp = client.post("/api/v1/auth/login", json={"username": "traveler1", "password": "other-pass-1"})
    assert resp.status_code == 200


def test_users_and_units_create_commands(app, client):
    runner = app.test_cli_runner()
    out = runner.invoke(args=["units", "create", "FIN-1", "--name", "재정과", "--agency", "AG1"])
    assert out.exit_code == 0, out.output
    out = runner.invoke(args=["users", "create", "hong", "--name", "홍길동", "--employee-no", "9001",
                              "--unit", "FIN-1", "--role", "traveler", "--role", "approver",
                              "--approves", "FIN-1", "--grade", "1", "--password", "long-password"])
    assert out.exit_code == 0, out.output
    me = client.get("/api/v1/me", headers={"Authorization": "Bearer " + client.post(
        "/api/v1/auth/login",
        json={"username": "hong", "password": "long-password"}).get_json()["access_token"]})
    assert me.get_json()["roles"] == ["approver", "traveler"]
    dup = runner.invoke(args=["units", "create", "FIN-1", "--name", "x", "--agency", "AG1"])
    assert dup.exit_code != 0 and "exists already" in dup.output


def test_production_refuses_default_secrets():
    import pytest

    from app.config import ConfigError

    with pytest.raises(ConfigError):
        create_app(Config(ENV="production"))


def test_logs_are_json_lines_without_secrets(client, caplog):
    import json
    import logging

    from app.logs import JsonFormatter, RequestIdFilter, scrub

    yeobi_log = logging.getLogger("yeobi")  # does not propagate to the root logger
    yeobi_log.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="yeobi"):
            client.post("/api/v1/auth/login", json={"username": "x", "password": "hunter2-secret"})
    finally:
        yeobi_log.removeHandler(caplog.handler)
    fmt = JsonFormatter()
    lines = [json.loads(fmt.format(rec)) for rec in caplog.records if rec.name.startswith("yeobi")]
    access = [rec for rec in lines if rec.get("path") == "/api/v1/auth/login"]
    assert access and access[0]["status"] == 401 and access[0]["method"] == "POST"
    assert len(access[0]["request_id"]) == 32
    assert "hunter2" not in json.dumps(lines)
    assert RequestIdFilter().filter(logging.makeLogRecord({})) is True
    assert scrub("card 1234-5678-9012-3456 token eyJa.eyJb.sig") == "card 1234-****-****-3456 token [token]"
    assert scrub('{"password": "abc"}') == '{"password": [redacted]}'
