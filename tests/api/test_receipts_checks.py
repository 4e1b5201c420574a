"""The checks that catch errors and fraud, seen through the API as flags on receipts."""
from __future__ import annotations

import pytest

from app.services.ocr_jobs import run_pending_jobs
from tests.api.receipt_support import (
    RAIL, advance, fake_extract, headers_for, jpeg_bytes, make_trip, upload,
)
from tests.factories import make_unit, make_user
from workflow.states import Action


def _post(client, headers, trip_id, *, source="korail", document_type="rail_ticket", **fields):
    resp = client.post(f"/api/v1/trips/{trip_id}/receipts", headers=headers,
                       json={"source": source, "document_type": document_type, "fields": fields})
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def _codes(receipt: dict, *, blocking: bool | None = None) -> set[str]:
    return {f["code"] for f in receipt["flags"] if blocking is None or f["blocking"] == blocking}


@pytest.fixture
def two_agencies(app):
    """Two travelers in two units of two different agencies."""
    unit_a = make_unit("MOIS-1", agency="MOIS")
    unit_b = make_unit("MOLIT-1", agency="MOLIT", location="세종특별자치시")
    return make_user("kim", unit=unit_a), make_user("choi", unit=unit_b, grade=1)


def test_the_same_file_from_two_travelers_in_two_agencies_is_a_blocking_duplicate(
        client, app, two_agencies):
    kim, choi = two_agencies
    app.extensions["yeobi_reader"] = fake_extract({"total_amount": 12000, "date": "2025-05-20"},
                                             document_type="card_slip")
    photo = jpeg_bytes(color=(5, 6, 7))
    first = upload(client, headers_for(client, "kim"), make_trip(kim).id, photo).get_json()
    second = upload(client, headers_for(client, "choi"), make_trip(choi).id, photo).get_json()
    assert _codes(first) == set() and _codes(second, blocking=True) == {"duplicate_file"}
    run_pending_jobs(app)
    second = client.get(f"/api/v1/receipts/{second['id']}", headers=headers_for(client, "choi")).get_json()
    assert _codes(second, blocking=True) == {"duplicate_file"}
    # The message never tells choi whose trip used it first.
    assert "kim" not in second["flags"][0]["message"]


def test_the_same_ticket_number_is_a_duplicate_across_agencies(client, two_agencies):
    kim, choi = two_agencies
    _post(client, headers_for(client, "kim"), make_trip(kim).id, **RAIL)
    other = _post(client, headers_for(client, "choi"), make_trip(choi).id,
                  **{**RAIL, "ticket_no": "8210303141234567"})  # same number, other separators
    assert "duplicate_ticket_no" in _codes(other, blocking=True)


def test_the_same_card_approval_amount_and_date_is_a_duplicate(client, two_agencies):
    kim, choi = two_agencies
    slip = {"total_amount": 45000, "date": "2025-05-20", "approval_no": "30012345"}
    _post(client, headers_for(client, "kim"), make_trip(kim).id, source="bccard",
          document_type="card_slip", **slip)
    choi_h, choi_trip = headers_for(client, "choi"), make_trip(choi)
    same = _post(client, choi_h, choi_trip.id, source="bccard", document_type="card_slip", **slip)
    other_amount = _post(client, choi_h, choi_trip.id, source="bccard", document_type="card_slip",
                         **{**slip, "total_amount": 46000})
    assert "duplicate_card_approval" in _codes(same, blocking=True)
    assert "duplicate_card_approval" not in _codes(other_amount)


def test_evidence_on_a_cancelled_trip_can_be_used_again(client, two_agencies):
    kim, _ = two_agencies
    headers = headers_for(client, "kim")
    cancelled = make_trip(kim)
    _post(client, headers, cancelled.id, **RAIL)
    advance(cancelled.id, (Action.CANCEL, kim))
    again = _post(client, headers, make_trip(kim).id, **RAIL)
    assert not any(code.startswith("duplicate") for code in _codes(again))


def test_a_correction_that_changes_the_ticket_number_clears_the_duplicate(client, app, two_agencies):
    kim, _ = two_agencies
    headers = headers_for(client, "kim")
    trip = make_trip(kim)
    _post(client, headers, trip.id, **RAIL)
    app.extensions["yeobi_reader"] = fake_extract(RAIL)
    receipt_id = upload(client, headers, trip.id, jpeg_bytes()).get_json()["id"]
    run_pending_jobs(app)
    assert "duplicate_ticket_no" in _codes(client.get(f"/api/v1/receipts/{receipt_id}",
                                                      headers=headers).get_json())
    fixed = client.patch(f"/api/v1/receipts/{receipt_id}", headers=headers,
                         json={"fields": {"ticket_no": "82103-0314-99999-01"}}).get_json()
    assert "duplicate_ticket_no" not in _codes(fixed)


@pytest.mark.parametrize("day,flagged", [("2025-05-19", False), ("2025-05-18", True),
                                         ("2025-05-22", False), ("2025-05-23", True)])
def test_a_date_more_than_a_day_outside_the_trip_is_flagged(client, app, day, flagged):
    kim = make_user("kim")
    trip = make_trip(kim, start=(2025, 5, 20), days=2)  # 20-21 May
    receipt = _post(client, headers_for(client, "kim"), trip.id, **{**RAIL, "date": day})
    assert ("outside_trip" in _codes(receipt, blocking=False)) == flagged


@pytest.mark.parametrize("departure,arrival,flagged", [
    ("서울", "부산", False), ("부산", "서울", False), ("용산역", "부산", False),
    ("서울", "대전", True), ("광주송정", "목포", True)])
def test_stations_that_do_not_match_the_trip_are_flagged(client, app, departure, arrival, flagged):
    kim = make_user("kim")
    trip = make_trip(kim, origin="서울특별시", destination="부산광역시 해운대구")
    receipt = _post(client, headers_for(client, "kim"), trip.id,
                    **{**RAIL, "departure": departure, "arrival": arrival, "total_amount": 20000})
    assert ("route_mismatch" in _codes(receipt, blocking=False)) == flagged


def test_osong_serves_sejong(client, app):
    kim = make_user("kim", unit=make_unit(location="세종특별자치시"))
    trip = make_trip(kim, origin="세종특별자치시", destination="부산광역시")
    receipt = _post(client, headers_for(client, "kim"), trip.id,
                    **{**RAIL, "departure": "오송", "arrival": "부산", "total_amount": 50000})
    assert "route_mismatch" not in _codes(receipt)


@pytest.mark.parametrize("grade,flagged", [(2, True), (1, False)])
def test_a_first_class_ticket_blocks_only_for_a_grade_2_traveler(client, app, grade, flagged):
    kim = make_user("kim", grade=grade)
    receipt = _post(client, headers_for(client, "kim"), make_trip(kim).id,
                    **{**RAIL, "seat_class": "특실", "total_amount": 83700})
    assert ("class_above_entitlement" in _codes(receipt, blocking=True)) == flagged


@pytest.mark.parametrize("amount,flagged", [(59800, False), (62700, False), (70000, True)])
def test_a_fare_more_than_5_percent_above_the_tariff_is_flagged(client, app, amount, flagged):
    kim = make_user("kim")
    receipt = _post(client, headers_for(client, "kim"), make_trip(kim).id,
                    **{**RAIL, "total_amount": amount})
    assert ("fare_above_tariff" in _codes(receipt, blocking=False)) == flagged


def test_low_confidence_key_fields_are_flagged_until_the_traveler_confirms_them(client, app):
    kim = make_user("kim")
    headers = headers_for(client, "kim")
    app.extensions["yeobi_reader"] = fake_extract(RAIL, low=("total_amount", "arrival"))
    receipt_id = upload(client, headers, make_trip(kim).id, jpeg_bytes()).get_json()["id"]
    run_pending_jobs(app)
    body = client.get(f"/api/v1/receipts/{receipt_id}", headers=headers).get_json()
    low = {f["field"] for f in body["flags"] if f["code"] == "low_confidence"}
    assert low == {"total_amount", "arrival"}
    # Confirming the same value counts; correcting counts too.
    body = client.patch(f"/api/v1/receipts/{receipt_id}", headers=headers,
                        json={"fields": {"total_amount": 59800}}).get_json()
    assert {f["field"] for f in body["flags"] if f["code"] == "low_confidence"} == {"arrival"}
    body = client.patch(f"/api/v1/receipts/{receipt_id}", headers=headers,
                        json={"fields": {"arrival": "부산"}}).get_json()
    assert "low_confidence" not in _codes(body)
    assert [c["field"] for c in body["corrections"]] == ["total_amount", "arrival"]


def test_the_threshold_comes_from_configuration(client, app):
    kim = make_user("kim")
    headers = headers_for(client, "kim")
    app.config["LOW_CONFIDENCE_THRESHOLD"] = 0.99
    app.extensions["yeobi_reader"] = fake_extract(RAIL, confidence=0.95)
    receipt_id = upload(client, headers, make_trip(kim).id, jpeg_bytes()).get_json()["id"]
    run_pending_jobs(app)
    body = client.get(f"/api/v1/receipts/{receipt_id}", headers=headers).get_json()
    assert {f["field"] for f in body["flags"] if f["code"] == "low_confidence"} == {
        "total_amount", "date", "departure", "arrival", "vehicle_no"}


def test_a_signed_clean_e_receipt_on_a_matching_trip_has_no_flags(client, app):
    import hashlib
    import hmac
    import json

    app.config["ERECEIPT_SECRETS"] = {"korail": "k"}
    kim = make_user("kim")
    raw = json.dumps({"source": "korail", "document_type": "rail_ticket", "fields": RAIL}).encode()
    sig = "sha256=" + hmac.new(b"k", raw, hashlib.sha256).hexdigest()
    resp = client.post(f"/api/v1/trips/{make_trip(kim).id}/receipts", data=raw,
                       content_type="application/json",
                       headers={**headers_for(client, "kim"), "X-Yeobi-Signature": sig})
    assert resp.get_json()["flags"] == []


def test_receipt_flags_carry_their_level_article_and_receipt(client, app):
    kim = make_user("kim")
    headers = headers_for(client, "kim")
    app.extensions["yeobi_reader"] = fake_extract({**RAIL, "seat_class": "특실", "total_amount": 83700})
    receipt_id = upload(client, headers, make_trip(kim).id, jpeg_bytes()).get_json()["id"]
    run_pending_jobs(app)
    body = client.get(f"/api/v1/receipts/{receipt_id}", headers=headers).get_json()
    (first,) = [f for f in body["flags"] if f["code"] == "class_above_entitlement"]
    assert (first["level"], first["blocking"], first["receipt_id"]) == ("blocking", True, receipt_id)
    assert first["source"] == "공무원 여비 규정 별표 2"
