"""Helpers for trip tests: a unit with a traveler and an approver, and a trip body."""
from __future__ import annotations

from dataclasses import dataclass

from tests.factories import login, make_unit, make_user


@dataclass
class Office:
    """A unit with two travelers and an approver, and their auth headers."""

    unit: object
    traveler: object
    other_traveler: object
    approver: object
    h_traveler: dict
    h_other: dict
    h_approver: dict


def make_office(client, code: str | None = None) -> Office:
    unit = make_unit(code)
    t1 = make_user(unit=unit)
    t2 = make_user(unit=unit)
    ap = make_user(unit=unit, roles=("traveler", "approver"), approves=(unit.code,), grade=1)
    return Office(unit, t1, t2, ap, login(client, t1.username), login(client, t2.username),
                  login(client, ap.username))


def trip_body(**overrides) -> dict:
    body = {"purpose": "부산 지역 간담회", "destination": "부산광역시 해운대구",
            "start_at": "2026-03-10T07:30:00+09:00", "end_at": "2026-03-12T20:10:00+09:00",
            "transport": "rail", "within_duty_area": False}
    body.update(overrides)
    return body


def create_trip(client, headers, **overrides) -> dict:
    resp = client.post("/api/v1/trips", json=trip_body(**overrides), headers=headers)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def act(client, headers, trip_id: int, action: str, **body):
    return client.post(f"/api/v1/trips/{trip_id}/{action}", json=body, headers=headers)


def approved_trip_id(app) -> int:
    """A new office's trip, applied by its traveler and approved by its approver, through the API."""
    client = app.test_client()
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    act(client, office.h_approver, trip["id"], "approve", comment="승인")
    return trip["id"]


def without_audit_row_triggers(*statements) -> None:
    """Run statements as the tables' owner could: with the insert-only row triggers of trip_events off."""
    from sqlalchemy import text

    from app.extensions import db

    with db.engine.begin() as conn:
        pg = conn.dialect.name == "postgresql"
        if pg:
            conn.execute(text("ALTER TABLE trip_events DISABLE TRIGGER trip_events_no_update"))
        else:
            conn.execute(text("DROP TRIGGER IF EXISTS trip_events_no_update"))
            conn.execute(text("DROP TRIGGER IF EXISTS trip_events_no_delete"))
        for stmt in statements:
            conn.execute(text(stmt) if isinstance(stmt, str) else stmt)
        if pg:
            conn.execute(text("ALTER TABLE trip_events ENABLE TRIGGER trip_events_no_update"))
