"""Each receipt check once, over plain data (workflow.receipt_checks): one test per rule."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from workflow.receipt_checks import (CLAIM_CODES, Gazetteer, ReceiptFacts, TripFacts, duplicate_flags,
                                     receipt_flags, station_areas, unsure_fields)

TRIP = TripFacts(first_day=date(2025, 5, 20), last_day=date(2025, 5, 21), destination="부산광역시 해운대구",
                 origin="서울특별시", grade=2)
RAIL = {"total_amount": 59800, "date": "2025-05-20", "departure": "서울", "arrival": "부산",
        "vehicle_no": "101", "seat_class": "일반실"}
SURE = {name: 0.95 for name in RAIL}
KEY = ("total_amount", "date", "departure", "arrival", "vehicle_no")
GAZETTEER = Gazetteer(station_areas={"수서": ("서울",), "오송": ("청주", "충북", "세종"),
                                     "전주고속": ("전주", "전북"), "창원중앙": ("창원", "경남")})


def ticket(**changes) -> ReceiptFacts:
    fields = {**RAIL, **changes.pop("fields", {})}
    base = ReceiptFacts(id=5, status="done", trust="ocr", document_type="rail_ticket", fields=fields,
                        ocr_fields=fields, confidence=SURE)
    return replace(base, **changes)


def codes(receipt: ReceiptFacts, trip: TripFacts = TRIP, **kw) -> list[str]:
    kw.setdefault("key_fields", KEY)
    return [f.code for f in receipt_flags(receipt, trip, gazetteer=GAZETTEER, **kw)]


def test_a_clean_ticket_on_its_trip_has_no_flags():
    assert codes(ticket()) == []


def test_every_flag_names_the_receipt_it_concerns():
    flags = receipt_flags(ticket(fields={"date": "2025-06-30"}, trust="self_reported"), TRIP)
    assert flags and {f.receipt_id for f in flags} == {5}


def test_a_shared_duplicate_key_is_a_blocking_flag_in_a_fixed_order():
    flags = duplicate_flags({"duplicate_card_approval", "duplicate_file"}, ticket())
    assert [(f.code, f.blocking) for f in flags] == [("duplicate_file", True),
                                                     ("duplicate_card_approval", True)]


def test_a_duplicate_ticket_number_is_quoted_as_the_traveler_wrote_it():
    (f,) = duplicate_flags({"duplicate_ticket_no"}, ticket(fields={"ticket_no": "82103-0314"}))
    assert "82103-0314" in f.message


def test_an_unsigned_e_receipt_is_flagged_self_reported():
    assert codes(ticket(trust="self_reported")) == ["self_reported"]


def test_a_failed_reading_says_why_and_asks_for_the_values():
    failed = ticket(status="failed", error="흐린 사진", fields={k: None for k in RAIL})
    flags = receipt_flags(failed, TRIP, key_fields=KEY)
    assert flags[0].code == "ocr_failed" and "흐린 사진" in flags[0].message


def test_a_receipt_still_being_read_is_not_judged_yet():
    assert codes(ticket(status="processing", fields={"date": "2020-01-01"})) == []


def test_an_unsure_key_field_gets_one_flag_naming_the_field():
    receipt = ticket(confidence={**SURE, "arrival": 0.3, "seat_class": 0.1})
    flags = receipt_flags(receipt, TRIP, key_fields=KEY, labels={"arrival": "도착지"})
    assert [(f.code, f.field) for f in flags] == [("low_confidence", "arrival")]
    assert "도착지(arrival)" in flags[0].message


def test_a_corrected_value_is_no_longer_unsure():
    receipt = ticket(confidence={**SURE, "arrival": 0.3}, corrected=frozenset({"arrival"}))
    assert codes(receipt) == []


def test_an_amount_ocr_did_not_read_asks_for_the_amount():
    receipt = ticket(fields={"total_amount": None})
    flags = receipt_flags(receipt, TRIP, key_fields=KEY)
    assert [(f.code, f.field) for f in flags] == [("low_confidence", "total_amount")]


def test_values_sent_by_an_issuer_are_never_unsure():
    assert unsure_fields(ticket(trust="verified", confidence={"arrival": 0.0}), KEY) == []


def test_the_unsure_threshold_is_the_callers():
    assert unsure_fields(ticket(), KEY, below=0.99) == list(KEY)
    assert codes(ticket(), unsure_below=0.99).count("low_confidence") == len(KEY)


def test_a_date_more_than_a_day_outside_the_trip_is_flagged():
    assert codes(ticket(fields={"date": "2025-05-22"})) == []
    assert codes(ticket(fields={"date": "2025-05-23"})) == ["outside_trip"]


def test_a_ticket_between_other_places_is_a_route_mismatch():
    assert codes(ticket(fields={"departure": "광주송정", "arrival": "목포"})) == ["route_mismatch"]


def test_the_route_check_reads_either_direction():
    assert codes(ticket(fields={"departure": "부산역", "arrival": "서울역"})) == []


def test_a_station_serves_the_areas_the_gazetteer_gives_it():
    assert station_areas("수서역", GAZETTEER) == {"수서", "서울"}
    srt = {"departure": "수서", "arrival": "부산", "total_amount": 52600}
    assert codes(ticket(fields=srt)) == []
    assert codes(ticket(fields={"departure": "오송", "arrival": "부산"}),
                 replace(TRIP, origin="세종특별자치시")) == []


def test_without_the_gazetteer_a_station_serves_only_its_own_name():
    srt = {"departure": "수서", "arrival": "부산", "total_amount": 52600}
    flags = receipt_flags(ticket(fields=srt), TRIP, key_fields=KEY)
    assert [f.code for f in flags] == ["route_mismatch"]


def test_a_trip_place_answers_to_its_short_names_from_the_regions_data():
    # 전라북도 answers to 전북 (workflow/data/regions.json aliases), which 전주고속 serves.
    trip = replace(TRIP, origin="전라북도", destination="경상남도 창원시")
    assert codes(ticket(fields={"departure": "전주고속터미널", "arrival": "창원중앙"}), trip) == []


def test_a_first_class_ticket_of_a_grade_2_traveler_blocks():
    flags = receipt_flags(ticket(fields={"seat_class": "특실", "total_amount": 83700}), TRIP, key_fields=KEY)
    assert [(f.code, f.blocking) for f in flags] == [("class_above_entitlement", True)]
    assert "83,700원" in flags[0].message


def test_a_first_class_ticket_of_a_grade_1_traveler_is_entitled():
    assert codes(ticket(fields={"seat_class": "first", "total_amount": 83700}), replace(TRIP, grade=1)) == []


def test_a_fare_over_the_tariff_is_a_notice_and_far_over_it_blocks():
    near = receipt_flags(ticket(fields={"total_amount": 65000}), TRIP, key_fields=KEY)
    far = receipt_flags(ticket(fields={"total_amount": 90000}), TRIP, key_fields=KEY)
    assert [(f.code, f.blocking) for f in near] == [("fare_above_tariff", False)]
    assert [(f.code, f.blocking) for f in far] == [("fare_far_above_tariff", True)]


def test_the_fare_checks_are_the_ones_the_statement_runs_again():
    flags = receipt_flags(ticket(fields={"seat_class": "특실", "total_amount": 120000}), TRIP)
    assert {f.code for f in flags} == {"class_above_entitlement", "fare_far_above_tariff"} <= CLAIM_CODES


def test_a_card_slip_gets_no_ticket_checks():
    slip = ticket(document_type="card_slip", fields={"departure": "광주", "arrival": "목포",
                                                      "total_amount": 999999})
    assert codes(slip) == []


def test_a_place_in_a_unified_city_answers_to_its_former_cities_names():
    from workflow.regions import place_names

    assert {"광주", "전남", "부산"} & place_names("전남광주통합특별시 북구") == {"광주", "전남"}
    assert place_names("부산광역시 해운대구") >= {"부산광역시", "부산", "해운대구", "해운대"}
