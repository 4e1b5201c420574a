"""Issue 13's fields through the API: the preview, the settle body and the trip's settlement preview."""
from __future__ import annotations

from tests.api.test_settlement import approved_trip, settle
from tests.conftest import make_app
from tests.factories import login, make_user
from tests.trip_helpers import act, create_trip, make_office

URL = "/api/v1/settlements/preview"


def case(**overrides) -> dict:
    body = {"grade": 2, "start_at": "2026-03-10T07:30+09:00", "end_at": "2026-03-12T21:00+09:00",
            "destination": "부산광역시 해운대구", "expenses": []}
    body.update(overrides)
    return body


def codes(body: dict) -> list[str]:
    return [f["code"] for f in body["flags"]]


def test_the_preview_takes_places_vehicle_days_shared_rooms_and_car_reasons(client):
    headers = login(client, make_user().username)
    resp = client.post(URL, headers=headers, json=case(
        official_vehicle_dates=["2026-03-11"], shared_lodging={"people": 2}, expenses=[
            {"kind": "lodging", "night": "2026-03-10", "amount": 150000},
            {"kind": "lodging", "night": "2026-03-11", "amount": 60000, "place": "경주시"},
            {"kind": "fuel", "distance_km": 100, "fuel_type": "hybrid", "fuel_price": 1537,
             "reason": "장비 운반"}]))
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    # 일비 25,000 + 12,500 + 25,000; 식비 75,000; 3/10 150,000 (2 x 80,000 pooled, above 80,000 x 1:
    # no 20,000); 3/11 in 경주 60,000 (within 70,000 x 1: + 20,000); fuel 100 x 1,537 / 15.37 = 10,000.
    assert body["total"] == 62500 + 75000 + 150000 + 60000 + 20000 + 10000
    # A private car beside an official vehicle on one day: shown, not blocking (제15조).
    assert codes(body) == ["fuel_with_official_vehicle"] and body["needs_review"] is False


def test_the_preview_names_a_bad_new_field(client):
    headers = login(client, make_user().username)
    resp = client.post(URL, headers=headers, json=case(
        official_vehicle_dates=["2026-04-01"], shared_lodging={"people": 1}, meals_provided=99,
        expenses=[{"kind": "fuel", "distance_km": 10, "fuel_type": "steam", "fuel_price": 1}]))
    assert resp.status_code == 422
    assert {"official_vehicle_dates[0]", "shared_lodging.people", "meals_provided",
            "expenses[0].fuel_type"} <= set(resp.get_json()["errors"])


def test_meals_provided_are_ignored_unless_the_agency_turns_the_deduction_on(client):
    headers = login(client, make_user().username)
    body = client.post(URL, headers=headers, json=case(meals_provided=3)).get_json()
    assert body["total"] == 150000  # 3 days x (25,000 + 25,000)
    assert "감액하지 않음" in [l for l in body["lines"] if l["item"] == "meal"][0]["note"]


def test_with_third_per_meal_three_meals_cut_one_days_meal(backend, tmp_path, request):
    app = make_app(backend, tmp_path, request, MEAL_DEDUCTION="third_per_meal")
    with app.app_context():
        client = app.test_client()
        headers = login(client, make_user().username)
        body = client.post(URL, headers=headers, json=case(meals_provided=3)).get_json()
        from app.extensions import db
        db.session.remove()
        db.engine.dispose()
    # 150,000 - 3 x 25,000 / 3 = 125,000 (공무원 여비 규정 제28조①, agency option)
    assert body["total"] == 125000
    assert body["lines"][-1]["rule"].startswith("공무원 여비 규정 제28조①")


def test_the_settle_body_carries_places_shared_rooms_vehicle_days_and_the_car(client):
    office = make_office(client)
    trip = approved_trip(client, office, transport="private_car")
    data = {"lodging": [{"night": "2026-03-10", "amount": 85000, "place": "경상북도 경주시"}],
            "official_vehicle_dates": ["2026-03-12"], "shared_lodging": {"people": 2},
            "fuel": {"distance_km": 100, "fuel_type": "gasoline", "fuel_price": 1197, "replaced_fare": 9000}}
    preview = client.post(f"/api/v1/trips/{trip['id']}/settlement-preview", json=data,
                          headers=office.h_traveler)
    assert preview.status_code == 200, preview.get_json()
    resp = settle(client, office.h_traveler, trip["id"], **data)
    assert resp.status_code == 200, resp.get_json()
    body = client.get(f"/api/v1/trips/{trip['id']}/statement", headers=office.h_traveler).get_json()
    # 일비 25,000 + 25,000 + 12,500; 식비 75,000; 경주 night 85,000 within 2 x 70,000, above 70,000 x 1
    # (no 20,000); fuel 100 x 1,197 / 11.97 = 10,000 without a reason: at most the 9,000 fare.
    assert body["total"] == 62500 + 75000 + 85000 + 9000 == preview.get_json()["total"]
    # The night has no bill among the receipts: self-declared, so the approver reviews it (issue 12).
    assert codes(body) == ["fuel_with_official_vehicle", "private_car_paid_as_fare", "evidence_late",
                           "lodging_without_receipt"]
    assert resp.get_json()["status"] == "settlement_review"
    lodging = next(line for line in body["lines"] if line["item"] == "lodging")
    assert "경주" in lodging["note"] and "그 밖의 지역" in lodging["note"]


def test_two_duty_area_trips_on_one_day_share_the_20000_maximum(client):
    office = make_office(client)
    paid = []
    for start, end in (("09:00", "14:00"), ("15:00", "20:00")):
        trip = create_trip(client, office.h_traveler, destination="세종특별자치시", within_duty_area=True,
                           transport="bus", start_at=f"2026-03-10T{start}:00+09:00",
                           end_at=f"2026-03-10T{end}:00+09:00")
        assert act(client, office.h_traveler, trip["id"], "apply").status_code == 200
        approved = act(client, office.h_approver, trip["id"], "approve").get_json()
        assert settle(client, office.h_traveler, trip["id"], version=approved["version"]).status_code == 200
        body = client.get(f"/api/v1/trips/{trip['id']}/statement", headers=office.h_traveler).get_json()
        paid.append(body["total"])
    # Five hours each: 20,000 for the first; the second finds 20,000 already paid that day: 0.
    assert paid == [20000, 0]


def test_a_dedicated_vehicle_holder_gets_nothing_inside_the_duty_area(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler, destination="세종특별자치시", within_duty_area=True,
                       transport="bus", start_at="2026-03-10T09:00:00+09:00",
                       end_at="2026-03-10T14:00:00+09:00")
    assert act(client, office.h_traveler, trip["id"], "apply").status_code == 200
    act(client, office.h_approver, trip["id"], "approve")
    resp = client.post(f"/api/v1/trips/{trip['id']}/settlement-preview", json={"dedicated_vehicle": True},
                       headers=office.h_traveler)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["total"] == 0
    assert resp.get_json()["lines"][0]["rule"] == "공무원 여비 규정 제18조① 단서"
