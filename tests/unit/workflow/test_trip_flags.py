"""All flags of a trip collected once (workflow.trip_flags): each finding once, counts that match flags."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from workflow.flags import flag
from workflow.trip_flags import ReceiptGlance, TripGlance, collect_flags, trip_checks

SEOUL = timezone(timedelta(hours=9))
START = datetime(2026, 3, 10, 9, tzinfo=SEOUL)
TRIP = TripGlance(start_at=START, applied_at=START - timedelta(days=3))


def unsure(receipt_id: int, field: str):
    return flag("low_confidence", f"{field} 확인", receipt_id=receipt_id, field=field)


def test_a_trip_applied_for_before_it_starts_with_nothing_to_notice_has_no_flags():
    assert collect_flags(TRIP, [ReceiptGlance(1, "done")]) == []


def test_an_application_after_the_start_is_flagged_applied_late():
    late = TripGlance(start_at=START, applied_at=START + timedelta(hours=1))
    assert [f.code for f in trip_checks(late)] == ["applied_late"]


def test_a_changed_lodging_class_quotes_the_reason():
    (f,) = trip_checks(TripGlance(start_at=START, region_override_reason="행사장 숙소"))
    assert f.code == "region_override" and "행사장 숙소" in f.message


def test_an_overlapping_trip_blocks_and_names_the_other_trips():
    (f,) = trip_checks(TripGlance(start_at=START, overlapping=(9, 4)))
    assert f.blocking and "#4, #9" in f.message


def test_a_receipt_flag_copied_into_the_statement_counts_once():
    dup = flag("duplicate_file", "같은 파일", receipt_id=3)
    copy = flag("duplicate_file", "영수증 #3: 같은 파일", receipt_id=3, ref=0)
    flags = collect_flags(TRIP, [ReceiptGlance(3, "done", (dup,))], [copy])
    assert [f.message for f in flags] == ["영수증 #3: 같은 파일"]


def test_the_same_code_on_two_receipts_is_two_findings():
    flags = collect_flags(TRIP, [ReceiptGlance(i, "done", (flag("outside_trip", f"#{i}", receipt_id=i),))
                                 for i in (1, 2)])
    assert [f.message for f in flags] == ["#1", "#2"]


def test_the_unsure_count_is_the_number_of_unsure_flags_across_receipts_and_statement():
    receipts = [ReceiptGlance(1, "done", (unsure(1, "date"), unsure(1, "arrival"))),
                ReceiptGlance(2, "done", (unsure(2, "date"),))]
    flags = collect_flags(TRIP, receipts, [unsure(1, "date")])
    assert [f.message for f in flags if f.code == "low_confidence"] == ["인식 신뢰도 낮은 값 3개"]


def test_failed_pending_and_corrected_readings_are_counted():
    failed = flag("ocr_failed", "못 읽음", receipt_id=1)
    receipts = [ReceiptGlance(1, "failed", (failed,)), ReceiptGlance(2, "queued"),
                ReceiptGlance(3, "done", corrections=2)]
    messages = [f.message for f in collect_flags(TRIP, receipts)]
    assert messages == ["영수증 인식 실패 1건", "영수증 인식 중 1건", "여행자가 고친 값 2개"]


def test_blocking_flags_come_first():
    flags = collect_flags(TripGlance(start_at=START, region_override_reason="x", overlapping=(2,)),
                          [ReceiptGlance(1, "done", (flag("lodging_capped", "상한", ref=0),))])
    assert [f.level for f in flags] == ["blocking", "review", "info"]
