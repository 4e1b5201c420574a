"""Migration 0005 keys existing plain chains, leaves broken ones visible, and needs AUDIT_KEY."""
from __future__ import annotations

import os
from datetime import datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app import create_app
from app.config import Config, ConfigError
from app.extensions import db
from app.models import SEOUL
from app.services import trips as svc
from app.services.audit import verify_chains
from app.settings import current_settings
from tests.conftest import ROOT
from tests.factories import make_unit, make_user

MIGRATIONS = str(ROOT / "migrations")
KEY = "migration-test-audit-key-0123456789abcdef"


def _approved_trip(traveler, approver) -> int:
    trip = svc.create_trip(session=db.session, actor=traveler, data={
        "purpose": "점검", "destination": "대전광역시 서구", "transport": "rail",
        "start_at": datetime(2026, 5, 1, 8, tzinfo=SEOUL),
        "end_at": datetime(2026, 5, 1, 19, tzinfo=SEOUL)})
    svc.apply_trip(settings=current_settings(), session=db.session, trip_id=trip.id, actor=traveler)
    svc.approve_trip(settings=current_settings(),
                     session=db.session, trip_id=trip.id, actor=approver, comment="승인")
    return trip.id


def _change_comment_below_0005(trip_id: int) -> None:
    """A plain-hash trail changed before the upgrade (the old row triggers switched off)."""
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE trip_events DISABLE TRIGGER trip_events_no_update"))
        else:
            conn.execute(text("DROP TRIGGER trip_events_no_update"))
        conn.execute(text(f"UPDATE trip_events SET comment = '변경' WHERE trip_id = {trip_id}"))
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE trip_events ENABLE TRIGGER trip_events_no_update"))


def test_upgrade_keys_intact_chains_and_leaves_a_broken_one_reported(empty_url, tmp_path):
    app = create_app(Config(ENV="testing", TESTING=True, SQLALCHEMY_DATABASE_URI=empty_url,
                            UPLOAD_DIR=str(tmp_path / "up"), OCR_EMBEDDED_WORKER=False,
                            AUDIT_KEY=KEY, AUDIT_KEY_ID="k1"))
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        unit = make_unit()
        traveler = make_user(unit=unit)
        approver = make_user(unit=unit, roles=("approver",), approves=(unit.code,))
        intact, broken = _approved_trip(traveler, approver), _approved_trip(traveler, approver)
        assert verify_chains(session=db.session, keys=current_settings().audit_keys).ok
        db.session.remove()

        downgrade(directory=MIGRATIONS, revision="0003")  # back to plain SHA-256 chains
        assert "key_id" not in {c["name"] for c in inspect(db.engine).get_columns("trip_events")}
        _change_comment_below_0005(broken)
        upgrade(directory=MIGRATIONS)

        report = verify_chains(session=db.session, keys=current_settings().audit_keys)
        assert [(p.trip_id, p.seq) for p in report.problems] == [(broken, 1)]
        assert report.problems[0].reason.startswith("row not keyed")
        keyed = db.session.execute(text(
            f"SELECT DISTINCT key_id FROM trip_events WHERE trip_id = {intact}")).scalars().all()
        assert keyed == ["k1"]
        db.session.remove()
        db.engine.dispose()


def test_a_chain_keyed_with_another_key_does_not_verify(app):
    unit = make_unit()
    traveler = make_user(unit=unit)
    approver = make_user(unit=unit, roles=("approver",), approves=(unit.code,))
    trip_id = _approved_trip(traveler, approver)
    other = app.config | {"AUDIT_KEY": "someone-elses-key-0123456789abcdef-xyz"}
    from app.services.audit_keys import audit_keys

    report = verify_chains(session=db.session, keys=audit_keys(other))
    assert [(p.trip_id, p.seq, p.reason) for p in report.problems] == [
        (trip_id, 1, "content changed or written without the key")]


def test_a_retired_key_still_verifies_the_rows_it_signed(app):
    from app.services.audit_keys import audit_keys

    unit = make_unit()
    traveler = make_user(unit=unit)
    approver = make_user(unit=unit, roles=("approver",), approves=(unit.code,))
    trip_id = _approved_trip(traveler, approver)
    rotated = {"AUDIT_KEY": "the-next-audit-key-0123456789abcdef-xyz", "AUDIT_KEY_ID": "2",
               "AUDIT_RETIRED_KEYS": {app.config["AUDIT_KEY_ID"]: app.config["AUDIT_KEY"]}}
    assert verify_chains(session=db.session, keys=audit_keys(rotated)).ok
    without = {**rotated, "AUDIT_RETIRED_KEYS": {}}
    report = verify_chains(session=db.session, keys=audit_keys(without))
    assert report.problems[0].trip_id == trip_id
    assert report.problems[0].reason.startswith("keyed with unknown key id '1'")


def test_production_refuses_to_start_without_an_audit_key(monkeypatch):
    monkeypatch.delenv("AUDIT_KEY", raising=False)
    secrets = {"SECRET_KEY": "s" * 40, "JWT_SECRET_KEY": "j" * 40}
    with pytest.raises(ConfigError, match="AUDIT_KEY"):
        Config(ENV="production", **secrets).validate()
    with pytest.raises(ConfigError, match="AUDIT_KEY"):
        Config(ENV="production", AUDIT_KEY="too-short", **secrets).validate()
    try:
        Config(ENV="production", AUDIT_KEY="a" * 40, **secrets).validate()
    except ConfigError as exc:  # other production checks may still apply; not this one
        assert "AUDIT_KEY" not in str(exc)


def test_development_uses_the_marked_demo_key(monkeypatch):
    monkeypatch.delenv("AUDIT_KEY", raising=False)
    config = Config(ENV="development")
    config.validate()
    assert "NOT-A-SECRET" in config.AUDIT_KEY
    assert os.environ.get("AUDIT_KEY") is None
