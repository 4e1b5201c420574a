"""Domain bounds at the API: the calculator, settle and trip bodies refuse absurd values per field."""
from __future__ import annotations


import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Statement, Trip
from tests.api.test_settlement import approved_trip, settle
from tests.factories import login, make_user
from tests.trip_helpers import create_trip, make_office, trip_body

PREVIEW = "/api/v1/settlements/preview"


def case(**overrides) -> dict:
    body = {"grade": 2, "start_at": "2026-03-10T07:30+09:00", "end_at": "2026-03-11T21:00+09:00",
            "destination": "서울특별시 종로구", "expenses": []}
    return {**body, **overrides}


def test_a_preview_with_a_huge_distance_is_a_422_naming_the_field(client):
    headers = login(client, make_user().username)
    fuel = {"kind": "fuel", "distance_km": "1e999999", "fuel_type": "gasoline", "fuel_price": 1700}
    resp = client.post(PREVIEW, json=case(expenses=[fuel]), headers=headers)
    assert resp.status_code == 422 and "expenses[0].distance_km" in resp.get_json()["errors"]


def test_a_preview_ending_in_9999_is_a_422(client):
    headers = login(client, make_user().username)
    resp = client.post(PREVIEW, json=case(end_at="9999-12-31T20:00+09:00"), headers=headers)
    assert resp.status_code == 422 and "end_at" in resp.get_json()["errors"]


@pytest.mark.parametrize("value", [{"a": 1}, ["x"], 12])
def test_an_object_where_the_preview_expects_a_string_is_422(client, value):
    headers = login(client, make_user().username)
    resp = client.post(PREVIEW, json=case(start_at=value, destination=value), headers=headers)
    assert resp.status_code == 422


@pytest.mark.parametrize("body,field", [
    ({"tolls": [2_000_000_000]}, "tolls"),
    ({"fuel": {"distance_km": 1e308, "fuel_type": "gasoline", "fuel_price": 1700}}, "fuel"),
    ({"lodging": [{"night": "2026-03-10", "amount": 4 * 10**18}]}, "lodging"),
])
def test_settling_with_an_amount_past_its_bound_is_422_and_stores_nothing(client, body, field):
    office = make_office(client)
    trip = approved_trip(client, office)
    resp = settle(client, office.h_traveler, trip["id"], **body)
    assert resp.status_code == 422
    assert any(k.startswith(field) for k in resp.get_json()["errors"])
    assert db.session.scalar(select(func.count(Statement.id))) == 0


@pytest.mark.parametrize("start,end", [("0001-01-01T09:00+09:00", "2026-03-10T09:00+09:00"),
                                       ("2026-03-10T09:00+09:00", "9999-12-31T09:00+09:00"),
                                       ("2026-03-10T09:00+09:00", "2028-03-10T09:00+09:00")])
def test_a_trip_outside_the_sane_dates_or_longer_than_a_year_is_422(client, start, end):
    office = make_office(client)
    resp = client.post("/api/v1/trips", json=trip_body(start_at=start, end_at=end),
                       headers=office.h_traveler)
    assert resp.status_code == 422
    assert db.session.scalar(select(func.count(Trip.id))) == 0


def test_a_trip_within_the_bounds_is_created(client):
    office = make_office(client)
    assert create_trip(client, office.h_traveler)["status"] == "draft"
