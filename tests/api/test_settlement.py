"""Settling a trip: the statement from its receipts, review when flagged, and who may read it."""
from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import Receipt, Statement, Trip, TripEvent, TripImpact
from tests.factories import login, make_user
from tests.trip_helpers import act, create_trip, make_office

PROBLEM = "application/problem+json"
# A 제2호 rail trip to 부산 (광역시) over three days, two nights (hand-worked below).
BUSAN = {"destination": "부산광역시 해운대구", "start_at": "2026-03-10T07:30:00+09:00",
         "end_at": "2026-03-12T20:10:00+09:00", "transport": "rail"}


def add_receipt(trip_id: int, uploader_id: int, *, document_type: str = "rail_ticket",
                fields: dict | None = None, corrections: dict | None = None, status: str = "done",
                flags: list | None = None, source: str = "upload") -> int:
    """A receipt row as the receipts part leaves it after OCR (no OCR needed here)."""
    receipt = Receipt(trip_id=trip_id, uploader_id=uploader_id, source=source,
                      trust="verified" if source.startswith("e_receipt") else "ocr", status=status,
                      document_type=document_type, ocr_fields=fields or {},
                      corrections=corrections, flags=flags or [], filename="ticket.jpg",
                      content_type="image/jpeg", size_bytes=1234)
    db.session.add(receipt)
    db.session.commit()
    return receipt.id


def rail(amount: int, departure: str = "서울", arrival: str = "부산", seat_class: str = "일반실",
         day: str = "2026-03-10") -> dict:
    return {"total_amount": amount, "departure": departure, "arrival": arrival,
            "seat_class": seat_class, "date": day, "ticket_no": "82103-0314-12345-67"}


def approved_trip(client, office, **overrides) -> dict:
    trip = create_trip(client, office.h_traveler, **{**BUSAN, **overrides})
    assert act(client, office.h_traveler, trip["id"], "apply").status_code == 200
    resp = act(client, office.h_approver, trip["id"], "approve")
    assert resp.status_code == 200
    return resp.get_json()


def settle(client, headers, trip_id: int, **body):
    return client.post(f"/api/v1/trips/{trip_id}/settle", json=body, headers=headers)


def statement_count(trip_id: int) -> int:
    return db.session.scalar(select(func.count(Statement.id)).where(Statement.trip_id == trip_id))


def test_settling_uses_corrected_receipt_values_and_the_lodging_caps(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    # OCR misread the outbound fare as 69,800; the traveler corrected it to 59,800.
    add_receipt(trip["id"], office.traveler.id, fields=rail(69800), corrections={"total_amount": 59800})
    add_receipt(trip["id"], office.traveler.id, fields=rail(59800, "부산", "서울", day="2026-03-12"))
    hotel = add_receipt(trip["id"], office.traveler.id, document_type="card_slip",
                        fields={"total_amount": "90,000", "merchant": "해운대호텔",
                                "card_no_masked": "9410-****-****-1234"})
    second = add_receipt(trip["id"], office.traveler.id, document_type="card_slip",
                         fields={"total_amount": 75000, "merchant": "해운대모텔"})
    resp = settle(client, office.h_traveler, trip["id"], version=trip["version"], lodging=[
        {"night": "2026-03-10", "receipt_id": hotel}, {"night": "2026-03-11", "receipt_id": second}])
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["status"] == "settled" and resp.get_json()["settled_at"]

    body = client.get(f"/api/v1/trips/{trip['id']}/statement", headers=office.h_traveler).get_json()
    by_item: dict[str, int] = {}
    for line in body["lines"]:
        by_item[line["item"]] = by_item.get(line["item"], 0) + line["amount"]
    # 일비 and 식비 3 days x 25,000; fares 59,800 x 2; lodging 90,000 capped at 80,000 (광역시) + 75,000.
    assert by_item == {"daily": 75000, "meal": 75000, "fare": 119600, "lodging": 155000}
    assert body["total"] == 424600 and body["grade"] == 2 and body["rates_effective"] == "2023-03-02"
    assert body["needs_review"] is False and body["settled_at"]
    # The March trip is settled long after the two weeks of 제8조의2②: a non-blocking reminder.
    assert [f["code"] for f in body["flags"]] == ["lodging_capped", "evidence_late"]
    assert body["flags"][0]["receipt_id"] == hotel
    assert all(line["rule"] for line in body["lines"])


def test_settling_records_the_audit_row_and_the_impact_in_the_same_unit_of_work(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    add_receipt(trip["id"], office.traveler.id, fields=rail(59800))
    assert settle(client, office.h_traveler, trip["id"]).status_code == 200
    last = db.session.scalars(select(TripEvent).where(TripEvent.trip_id == trip["id"])
                              .order_by(TripEvent.seq.desc())).first()
    assert (last.action, last.from_status, last.to_status) == ("settle", "approved", "settled")
    assert db.session.get(TripImpact, trip["id"]) is not None
    row = db.session.scalar(select(Statement).where(Statement.trip_id == trip["id"]))
    assert row.settled_at == db.session.get(Trip, trip["id"]).settled_at


def test_a_blocking_receipt_flag_sends_the_trip_to_review_until_the_approver_accepts(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    add_receipt(trip["id"], office.traveler.id, fields=rail(59800), flags=[
        {"code": "duplicate_ticket", "message": "다른 기관에서 이미 청구된 승차권입니다.", "blocking": True}])
    resp = settle(client, office.h_traveler, trip["id"])
    assert resp.status_code == 200 and resp.get_json()["status"] == "settlement_review"
    body = client.get(f"/api/v1/trips/{trip['id']}/statement", headers=office.h_approver).get_json()
    assert body["needs_review"] is True and body["settled_at"] is None
    assert any(f["code"] == "duplicate_ticket" and f["blocking"] for f in body["flags"])

    assert act(client, office.h_approver, trip["id"], "accept-settlement").status_code == 200
    body = client.get(f"/api/v1/trips/{trip['id']}/statement", headers=office.h_traveler).get_json()
    assert body["settled_at"] is not None


def test_a_first_class_ticket_of_a_grade_two_traveler_needs_review(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    add_receipt(trip["id"], office.traveler.id, fields=rail(83700, seat_class="특실"))
    resp = settle(client, office.h_traveler, trip["id"])
    assert resp.get_json()["status"] == "settlement_review"


def test_a_returned_settlement_can_be_settled_again_and_replaces_the_statement(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    add_receipt(trip["id"], office.traveler.id, fields=rail(83700, seat_class="특실"))
    assert settle(client, office.h_traveler, trip["id"]).get_json()["status"] == "settlement_review"
    assert act(client, office.h_approver, trip["id"], "return-settlement",
               comment="일반실 운임으로 정정하세요").status_code == 200
    receipt = db.session.scalar(select(Receipt).where(Receipt.trip_id == trip["id"]))
    receipt.corrections = {"seat_class": "일반실", "total_amount": 59800}
    db.session.commit()
    resp = settle(client, office.h_traveler, trip["id"])
    assert resp.get_json()["status"] == "settled"
    assert statement_count(trip["id"]) == 1
    body = client.get(f"/api/v1/trips/{trip['id']}/statement", headers=office.h_traveler).get_json()
    assert body["total"] == 75000 + 75000 + 59800
    assert [f["code"] for f in body["flags"]] == ["evidence_late"]  # settled after the two weeks


def test_a_trip_without_receipts_settles_with_the_flat_allowances(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    assert settle(client, office.h_traveler, trip["id"]).get_json()["status"] == "settled"
    body = client.get(f"/api/v1/trips/{trip['id']}/statement", headers=office.h_traveler).get_json()
    assert {line["item"] for line in body["lines"]} == {"daily", "meal"} and body["total"] == 150000


def test_private_car_fuel_tolls_and_relatives_nights_come_from_the_body(client):
    office = make_office(client)
    trip = approved_trip(client, office, transport="private_car")
    resp = settle(client, office.h_traveler, trip["id"], relatives_nights=["2026-03-10", "2026-03-11"],
                  fuel={"distance_km": 133, "fuel_type": "gasoline", "fuel_price": 1700},
                  tolls=[8000, 8000])
    assert resp.status_code == 200, resp.get_json()
    lines = client.get(f"/api/v1/trips/{trip['id']}/statement",
                       headers=office.h_traveler).get_json()["lines"]
    amounts = {line["item"]: line["amount"] for line in lines if line["item"] != "toll"}
    # 2026 trip, 2023-01-18 efficiencies: 133 km x 1,700 / 11.97 km/L = 226,100 / 11.97
    # (11.97 x 18,888 = 226,089.36) -> 18,888; 2 nights with relatives x 20,000.
    assert amounts["fuel"] == 18888 and amounts["lodging"] == 40000
    assert sum(line["amount"] for line in lines if line["item"] == "toll") == 16000


def test_an_official_vehicle_halves_the_daily_allowance(client):
    office = make_office(client)
    trip = approved_trip(client, office, transport="official_vehicle")
    settle(client, office.h_traveler, trip["id"])
    lines = client.get(f"/api/v1/trips/{trip['id']}/statement",
                       headers=office.h_traveler).get_json()["lines"]
    assert [line["unit_amount"] for line in lines if line["item"] == "daily"] == [12500]


def test_settling_a_trip_that_is_not_approved_is_409_and_saves_nothing(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler, **BUSAN)
    resp = settle(client, office.h_traveler, trip["id"])
    assert resp.status_code == 409 and resp.mimetype == PROBLEM
    assert resp.get_json()["current_status"] == "draft"
    assert statement_count(trip["id"]) == 0


def test_settling_while_a_receipt_is_still_being_read_is_409_with_a_clear_message(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    queued = add_receipt(trip["id"], office.traveler.id, status="queued", fields={})
    resp = settle(client, office.h_traveler, trip["id"])
    assert resp.status_code == 409 and "still being read" in resp.get_json()["detail"]
    assert str(queued) in resp.get_json()["detail"]
    assert statement_count(trip["id"]) == 0
    assert db.session.get(Trip, trip["id"]).status == "approved"


def test_a_stale_version_is_409(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    resp = settle(client, office.h_traveler, trip["id"], version=trip["version"] - 1)
    assert resp.status_code == 409 and resp.get_json()["type"].endswith("stale-state")


def test_bad_lodging_values_are_422_naming_the_field_and_save_nothing(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    other = approved_trip(client, office)
    foreign = add_receipt(other["id"], office.traveler.id, document_type="card_slip",
                          fields={"total_amount": 70000})
    resp = settle(client, office.h_traveler, trip["id"],
                  lodging=[{"night": "2026-03-10", "receipt_id": foreign}])
    assert resp.status_code == 422 and "lodging[0].receipt_id" in resp.get_json()["errors"]
    resp = settle(client, office.h_traveler, trip["id"], lodging=[{"night": "2026-03-20", "amount": 70000}])
    assert resp.status_code == 422 and "lodging[0].night" in resp.get_json()["errors"]
    resp = settle(client, office.h_traveler, trip["id"], lodging=[{"night": "2026-03-10"}])
    assert resp.status_code == 422 and "lodging[0]" in resp.get_json()["errors"]
    resp = settle(client, office.h_traveler, trip["id"], fuel={"distance_km": -3, "fuel_type": "coal"})
    assert resp.status_code == 422 and resp.mimetype == PROBLEM
    assert statement_count(trip["id"]) == 0 and db.session.get(Trip, trip["id"]).status == "approved"


def test_a_fare_receipt_without_an_amount_is_422_until_corrected(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    rid = add_receipt(trip["id"], office.traveler.id, fields={**rail(0), "total_amount": None})
    resp = settle(client, office.h_traveler, trip["id"])
    assert resp.status_code == 422 and f"receipts[{rid}].total_amount" in resp.get_json()["errors"]


def test_only_the_traveler_settles_and_others_do_not_see_the_trip(client):
    office = make_office(client)
    finance = make_user(roles=("finance",))
    trip = approved_trip(client, office)
    assert settle(client, office.h_other, trip["id"]).status_code == 404
    assert settle(client, login(client, finance.username), trip["id"]).status_code == 404
    assert settle(client, office.h_approver, trip["id"]).status_code == 403
    assert statement_count(trip["id"]) == 0


def test_who_may_read_a_statement(client):
    office = make_office(client)
    elsewhere = make_office(client)
    admin = make_user(roles=("admin",))
    h_finance = login(client, make_user(roles=("finance",)).username)
    trip = approved_trip(client, office)
    add_receipt(trip["id"], office.traveler.id, fields=rail(83700, seat_class="특실"))
    url = f"/api/v1/trips/{trip['id']}/statement"
    assert client.get(url, headers=office.h_traveler).status_code == 404  # nothing settled yet
    settle(client, office.h_traveler, trip["id"])  # -> settlement_review
    assert client.get(url, headers=office.h_traveler).status_code == 200
    assert client.get(url, headers=office.h_approver).status_code == 200
    assert client.get(url, headers=login(client, admin.username)).status_code == 200
    assert client.get(url, headers=office.h_other).status_code == 404
    assert client.get(url, headers=elsewhere.h_approver).status_code == 404
    assert client.get(url, headers=h_finance).status_code == 404  # finance: only once settled
    act(client, office.h_approver, trip["id"], "accept-settlement")
    assert client.get(url, headers=h_finance).status_code == 200


def test_the_statement_prints_as_a_korean_html_page(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    add_receipt(trip["id"], office.traveler.id, fields=rail(59800))
    settle(client, office.h_traveler, trip["id"])
    resp = client.get(f"/api/v1/trips/{trip['id']}/statement?format=html", headers=office.h_traveler)
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    page = resp.get_data(as_text=True)
    assert "여비 정산서" in page and "209,800원" in page and "공무원 여비 규정 제10조~제13조" in page
    assert office.traveler.name in page and "일비" in page and "운임" in page


def test_the_statement_is_a_pdf_on_request(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    settle(client, office.h_traveler, trip["id"])
    resp = client.get(f"/api/v1/trips/{trip['id']}/statement?format=pdf", headers=office.h_traveler)
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    assert resp.data.startswith(b"%PDF-") and b"NanumGothic" in resp.data
    bad = client.get(f"/api/v1/trips/{trip['id']}/statement?format=docx", headers=office.h_traveler)
    assert bad.status_code == 422


def test_nothing_persists_when_settling_fails_midway(client, monkeypatch):
    from app.services import settlement

    office = make_office(client)
    trip = approved_trip(client, office)
    add_receipt(trip["id"], office.traveler.id, fields=rail(59800))
    events_before = db.session.scalar(select(func.count(TripEvent.id)))

    def audit_write_fails(**kwargs):
        settlement_record(**kwargs)  # the status moves and the audit row is added, then the write fails
        raise OSError("disk full while writing the audit row")

    settlement_record = settlement.record_transition
    monkeypatch.setattr(settlement, "record_transition", audit_write_fails)
    resp = settle(client, office.h_traveler, trip["id"])
    assert resp.status_code == 500 and resp.mimetype == PROBLEM
    db.session.expire_all()
    assert statement_count(trip["id"]) == 0
    assert db.session.get(Trip, trip["id"]).status == "approved"
    assert db.session.scalar(select(func.count(TripEvent.id))) == events_before
    assert db.session.get(TripImpact, trip["id"]) is None


def test_receipts_that_are_not_fares_or_unreadable_are_left_out_with_a_note(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    slip = add_receipt(trip["id"], office.traveler.id, document_type="card_slip",
                       fields={"total_amount": 12000, "merchant": "편의점"})
    failed = add_receipt(trip["id"], office.traveler.id, status="failed", fields={})
    assert settle(client, office.h_traveler, trip["id"]).get_json()["status"] == "settled"
    body = client.get(f"/api/v1/trips/{trip['id']}/statement", headers=office.h_traveler).get_json()
    notes = {f["receipt_id"]: f for f in body["flags"] if f["code"] == "receipt_not_used"}
    assert set(notes) == {slip, failed} and not any(f["blocking"] for f in notes.values())
    assert body["total"] == 150000


def test_the_printable_page_escapes_what_the_traveler_typed_and_runs_no_script(client):
    office = make_office(client)
    trip = approved_trip(client, office, purpose="<script>alert(1)</script> 출장")
    settle(client, office.h_traveler, trip["id"])
    resp = client.get(f"/api/v1/trips/{trip['id']}/statement?format=html", headers=office.h_traveler)
    assert "<script>" not in resp.get_data(as_text=True)
    assert "&lt;script&gt;" in resp.get_data(as_text=True)
    assert resp.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_a_duty_area_trip_pays_the_flat_amount_and_leaves_its_taxi_receipt_out(client):
    office = make_office(client)
    trip = approved_trip(client, office, destination="세종특별자치시 어진동", within_duty_area=True,
                         start_at="2026-03-10T09:00:00+09:00", end_at="2026-03-10T15:00:00+09:00")
    taxi = add_receipt(trip["id"], office.traveler.id, document_type="taxi_receipt",
                       fields={"total_amount": 8400, "distance_km": 6.2})
    assert settle(client, office.h_traveler, trip["id"]).get_json()["status"] == "settled"
    body = client.get(f"/api/v1/trips/{trip['id']}/statement", headers=office.h_traveler).get_json()
    # 제18조: 4 hours or more in the duty area, 20,000; nothing else.
    assert [(line["item"], line["amount"]) for line in body["lines"]] == [("duty_area", 20000)]
    assert [(f["code"], f["receipt_id"]) for f in body["flags"]] == [("receipt_not_used", taxi)]


def test_a_trip_cannot_be_settled_before_it_ends(client):
    """Settlement follows the trip; the preview is allowed beforehand."""
    from datetime import timedelta

    from app.models import now_seoul
    from tests.trip_helpers import act, create_trip, make_office

    office = make_office(client)
    start = now_seoul() + timedelta(days=3)
    trip = create_trip(client, office.h_traveler, start_at=start.isoformat(),
                       end_at=(start + timedelta(hours=10)).isoformat())
    act(client, office.h_traveler, trip["id"], "apply")
    act(client, office.h_approver, trip["id"], "approve")
    early = client.post(f"/api/v1/trips/{trip['id']}/settle", json={}, headers=office.h_traveler)
    assert early.status_code == 409 and "after it ends" in early.get_json()["detail"]
    preview = client.post(f"/api/v1/trips/{trip['id']}/settlement-preview", json={},
                          headers=office.h_traveler)
    assert preview.status_code == 200 and preview.get_json()["total"] > 0
    assert client.get(f"/api/v1/trips/{trip['id']}",
                      headers=office.h_traveler).get_json()["status"] == "approved"
