"""Nothing self-declared settles unseen: typed-in claims go to review, and big totals store and export."""
from __future__ import annotations

from app.extensions import db
from app.models import Receipt
from tests.api.test_settlement import add_receipt, approved_trip, rail, settle
from tests.trip_helpers import make_office


def codes(client, office, trip_id: int) -> list[str]:
    body = client.get(f"/api/v1/trips/{trip_id}/statement", headers=office.h_traveler).get_json()
    return [f["code"] for f in body["flags"] if f["blocking"]]


def test_a_lodging_night_without_its_bill_goes_to_review(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    resp = settle(client, office.h_traveler, trip["id"],
                  lodging=[{"night": "2026-03-10", "amount": 75000}])
    assert resp.status_code == 200 and resp.get_json()["status"] == "settlement_review"
    assert codes(client, office, trip["id"]) == ["lodging_without_receipt"]


def test_tolls_and_fuel_above_the_per_trip_limits_go_to_review(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    resp = settle(client, office.h_traveler, trip["id"], tolls=[60000, 60000],
                  fuel={"distance_km": 3000, "fuel_type": "gasoline", "fuel_price": 2000})
    assert resp.get_json()["status"] == "settlement_review"
    assert set(codes(client, office, trip["id"])) == {"toll_over_limit", "fuel_over_limit"}


def test_ordinary_tolls_and_fuel_settle_without_review(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    resp = settle(client, office.h_traveler, trip["id"], tolls=[8000, 8000],
                  fuel={"distance_km": 400, "fuel_type": "gasoline", "fuel_price": 1700})
    assert resp.get_json()["status"] == "settled"


def test_a_self_reported_e_receipt_goes_to_review(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    rid = add_receipt(trip["id"], office.traveler.id, fields=rail(59800), source="e_receipt:korail")
    db.session.get(Receipt, rid).trust = "self_reported"
    db.session.commit()
    resp = settle(client, office.h_traveler, trip["id"])
    assert resp.get_json()["status"] == "settlement_review"
    assert codes(client, office, trip["id"]) == ["self_reported_evidence"]


def test_a_fare_far_above_the_routes_tariff_goes_to_review_and_a_near_one_does_not(client):
    office = make_office(client)
    far = approved_trip(client, office)
    add_receipt(far["id"], office.traveler.id, fields=rail(999_999))
    assert settle(client, office.h_traveler, far["id"]).get_json()["status"] == "settlement_review"
    assert codes(client, office, far["id"]) == ["fare_far_above_tariff"]
    near = approved_trip(client, office)
    add_receipt(near["id"], office.traveler.id, fields=rail(62000))  # within 20% of 59,800
    assert settle(client, office.h_traveler, near["id"]).get_json()["status"] == "settled"


def test_the_approver_sees_why_on_the_trip_page(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    settle(client, office.h_traveler, trip["id"], lodging=[{"night": "2026-03-10", "amount": 75000}])
    client.post("/web/logout")
    page = client.get("/web/login")
    token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/web/login", data={"username": office.approver.username,
                                    "password": "password-123", "csrf_token": token})
    html = client.get(f"/web/trips/{trip['id']}").get_data(as_text=True)
    assert "영수증 없이 입력한 금액" in html


def test_a_first_class_ticket_far_above_its_tariff_is_each_rule_once_on_the_statement(client):
    from app.services.receipt_checks import refresh_flags
    from app.settings import current_settings
    from workflow.receipt_checks import CLAIM_CODES

    office = make_office(client)
    trip = approved_trip(client, office)
    rid = add_receipt(trip["id"], office.traveler.id, fields=rail(120000, seat_class="특실"))
    receipt = db.session.get(Receipt, rid)
    # As after OCR: the ticket's own fare checks.
    refresh_flags(db.session, receipt, unsure_below=current_settings().unsure_below)
    db.session.commit()
    assert {"class_above_entitlement", "fare_far_above_tariff"} <= {f["code"] for f in receipt.flags}
    assert settle(client, office.h_traveler, trip["id"]).get_json()["status"] == "settlement_review"
    body = client.get(f"/api/v1/trips/{trip['id']}/statement", headers=office.h_traveler).get_json()
    fare_rules = sorted((f["code"], f["receipt_id"], f["level"]) for f in body["flags"]
                        if f["code"] in CLAIM_CODES)
    assert fare_rules == [("class_above_entitlement", rid, "blocking"),
                          ("fare_far_above_tariff", rid, "blocking")]


def test_statement_flags_carry_their_level_and_article(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    settle(client, office.h_traveler, trip["id"], lodging=[{"night": "2026-03-10", "amount": 75000}])
    body = client.get(f"/api/v1/trips/{trip['id']}/statement", headers=office.h_traveler).get_json()
    (missing,) = [f for f in body["flags"] if f["code"] == "lodging_without_receipt"]
    assert (missing["level"], missing["blocking"]) == ("blocking", True)
    assert missing["source"] == "공무원 여비 규정 제8조의2②"
