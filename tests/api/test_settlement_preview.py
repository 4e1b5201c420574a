"""The calculator offered without saving anything: POST /api/v1/settlements/preview."""
from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import Statement
from tests.factories import login, make_user

URL = "/api/v1/settlements/preview"


def case(**overrides) -> dict:
    body = {"grade": 2, "start_at": "2026-03-10T07:30+09:00", "end_at": "2026-03-11T21:00+09:00",
            "destination": "서울특별시 종로구", "expenses": [
                {"kind": "fare", "mode": "rail", "amount": 23700, "origin": "대전", "destination": "서울"},
                {"kind": "lodging", "night": "2026-03-10", "amount": 120000}]}
    body.update(overrides)
    return body


def test_any_logged_in_user_gets_a_statement_and_nothing_is_saved(client):
    headers = login(client, make_user().username)
    resp = client.post(URL, json=case(), headers=headers)
    assert resp.status_code == 200
    body = resp.get_json()
    # 2 days x (25,000 + 25,000) + 23,700 + lodging capped at 100,000 (서울).
    assert body["total"] == 100000 + 23700 + 100000
    assert body["trip_id"] is None and body["settled_at"] is None and body["grade"] == 2
    assert [f["code"] for f in body["flags"]] == ["lodging_capped"]
    assert db.session.scalar(select(func.count(Statement.id))) == 0


def test_a_body_the_calculator_cannot_read_is_422_with_errors_per_field(client):
    headers = login(client, make_user().username)
    resp = client.post(URL, json=case(grade=3, expenses=[{"kind": "fare", "mode": "boat", "amount": -5}]),
                       headers=headers)
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"
    errors = resp.get_json()["errors"]
    assert {"grade", "expenses[0].mode", "expenses[0].amount"} <= set(errors)
    assert all(isinstance(v, list) and v for v in errors.values())


def test_a_missing_start_is_422(client):
    headers = login(client, make_user().username)
    body = case()
    del body["start_at"]
    resp = client.post(URL, json=body, headers=headers)
    assert resp.status_code == 422 and "start_at" in resp.get_json()["errors"]


def test_a_body_that_is_not_an_object_is_422(client):
    headers = login(client, make_user().username)
    assert client.post(URL, json=[1, 2], headers=headers).status_code == 422


def test_the_preview_needs_a_login(client):
    assert client.post(URL, json=case()).status_code == 401


def test_a_trip_settlement_preview_shows_what_settling_would_store_and_saves_nothing(client):
    from app.models import Trip
    from tests.api.test_settlement import add_receipt, approved_trip, rail
    from tests.trip_helpers import make_office

    office = make_office(client)
    trip = approved_trip(client, office)
    add_receipt(trip["id"], office.traveler.id, fields=rail(83700, seat_class="특실"))
    url = f"/api/v1/trips/{trip['id']}/settlement-preview"
    body = {"lodging": [{"night": "2026-03-10", "amount": 70000}]}
    resp = client.post(url, json=body, headers=office.h_traveler)
    assert resp.status_code == 200
    preview = resp.get_json()
    assert preview["needs_review"] is True and preview["trip_id"] == trip["id"]
    assert preview["total"] == 75000 + 75000 + 83700 + 70000
    assert db.session.scalar(select(func.count(Statement.id))) == 0
    assert db.session.get(Trip, trip["id"]).status == "approved"
    settled = client.post(f"/api/v1/trips/{trip['id']}/settle", json=body, headers=office.h_traveler)
    stored = client.get(f"/api/v1/trips/{trip['id']}/statement", headers=office.h_traveler).get_json()
    assert settled.get_json()["status"] == "settlement_review"
    for key in ("lines", "flags", "total", "needs_review", "rates_effective"):
        assert stored[key] == preview[key]
    assert client.post(url, json=body, headers=office.h_other).status_code == 404
    assert client.post(url, json=body, headers=office.h_traveler).status_code == 409  # no longer approved
