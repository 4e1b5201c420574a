"""Issue 12, finding 7: someone who can write the audit table but does not hold AUDIT_KEY.

Each test does what such a person could do with plain SQL (switching the row triggers off, as
the table's owner can) and then runs `flask audit verify`, which must exit 1 naming the trip
and the first bad row. The attacker's hash is the plain SHA-256 chain the service used before
the chain was keyed, computed here as an attacker would, without the application's helpers.
"""
from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import insert, select, text

from app.extensions import db
from app.models import TripEvent
from tests.trip_helpers import approved_trip_id, without_audit_row_triggers

GENESIS = "0" * 64
HASHED = ("trip_id", "action", "from_status", "to_status", "actor_id", "comment", "at",
          "request_id", "seq")


def _plain_hash(prev_hash: str, row: dict) -> str:
    payload = {k: (row[k].isoformat() if k == "at" else row[k]) for k in HASHED}
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + "\n" + body).encode("utf-8")).hexdigest()


def _rows(trip_id: int) -> list[dict]:
    table = TripEvent.__table__
    with db.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(
            select(table).where(table.c.trip_id == trip_id).order_by(table.c.seq))]


def _verify(app):
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    return result.exit_code, result.output


def test_verify_catches_the_last_row_deleted_and_the_status_reset(app):
    trip_id = approved_trip_id(app)
    without_audit_row_triggers(
        f"DELETE FROM trip_events WHERE trip_id = {trip_id} AND seq = 2",
        f"UPDATE trips SET status = 'applied', approved_at = NULL WHERE id = {trip_id}")
    code, output = _verify(app)
    assert code == 1, output
    assert f"trip {trip_id} row 1:" in output


def test_verify_catches_a_row_appended_with_a_recomputed_plain_hash(app):
    trip_id = approved_trip_id(app)
    last = _rows(trip_id)[-1]
    forged = {**last, "seq": 3, "action": "cancel", "from_status": "approved",
              "to_status": "cancelled", "comment": "", "prev_hash": last["hash"]}
    forged.pop("id")
    forged["hash"] = _plain_hash(last["hash"], forged)
    without_audit_row_triggers(insert(TripEvent.__table__).values(**forged),
                          f"UPDATE trips SET status = 'cancelled' WHERE id = {trip_id}")
    code, output = _verify(app)
    assert code == 1, output
    assert f"trip {trip_id} row 3:" in output


def test_verify_catches_a_row_rewritten_and_the_chain_rehashed(app):
    trip_id = approved_trip_id(app)
    rows = _rows(trip_id)
    rows[1]["comment"] = "승인 (전결 아님)"
    statements, prev = [], GENESIS
    for row in rows:
        row["prev_hash"], row["hash"] = prev, _plain_hash(prev, row)
        prev = row["hash"]
        statements.append(text("UPDATE trip_events SET comment = :c, prev_hash = :p, hash = :h "
                               "WHERE id = :id").bindparams(c=row["comment"], p=row["prev_hash"],
                                                            h=row["hash"], id=row["id"]))
    without_audit_row_triggers(*statements)
    code, output = _verify(app)
    assert code == 1, output
    assert f"trip {trip_id} row 1:" in output  # the first row the key no longer vouches for


def test_verify_reports_only_the_first_bad_row_of_each_trip(app):
    first, second = approved_trip_id(app), approved_trip_id(app)
    without_audit_row_triggers(
        f"UPDATE trip_events SET comment = 'x' WHERE trip_id = {first}",
        f"UPDATE trip_events SET comment = 'y' WHERE trip_id = {second} AND seq = 2")
    code, output = _verify(app)
    assert code == 1
    lines = [line for line in output.splitlines() if line.startswith("trip ")]
    assert lines == [f"trip {first} row 1: content changed or written without the key",
                     f"trip {second} row 2: content changed or written without the key"], output


@pytest.mark.parametrize("statement", ["TRUNCATE trip_events", "TRUNCATE trips CASCADE"])
def test_postgres_refuses_to_truncate_the_audit_table(app, backend, statement):
    if backend != "postgres":
        pytest.skip("SQLite has no TRUNCATE")
    trip_id = approved_trip_id(app)
    db.session.rollback()  # TRUNCATE waits for every open transaction on the table
    with pytest.raises(Exception, match="insert-only"):
        with db.engine.begin() as conn:
            conn.execute(text("SET LOCAL lock_timeout = '5s'"))
            conn.execute(text(statement))
    assert len(_rows(trip_id)) == 2
