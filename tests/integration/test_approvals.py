"""The approvals service: the queue's counts and paging, flags at a glance, bulk approval, impact."""
from __future__ import annotations

import pytest

from app.errors import Forbidden, NotFound
from app.extensions import db
from app.models import Trip, TripEvent
from app.services import approvals
from app.services.access_log import Origin
from app.services.receipt_checks import refresh_flags
from app.settings import current_settings
from tests.factories import make_unit, make_user
from tests.web.helpers import add_receipt, add_statement, make_trip
from workflow.flags import flag
from workflow.machine import CommentRequired


@pytest.fixture
def org(app):
    a, b = make_unit("UA"), make_unit("UB")
    return {"boss": make_user("boss", unit=a, roles=("traveler", "approver"), approves=("UA",)),
            "kim": make_user("kim", unit=a), "lee": make_user("lee", unit=a),
            "park": make_user("park", unit=b)}


def test_the_queue_counts_each_status_and_pages_newest_first(org):
    trips = [make_trip(org["kim" if n % 2 else "lee"], days_ahead=3 * n) for n in range(5)]
    make_trip(org["kim"], status="settlement_review", days_ahead=40)
    page = approvals.queue(session=db.session, actor=org["boss"],
                           filters=approvals.QueueFilter(status=("applied",)), page=2, per_page=2)
    assert page.counts == {"applied": 5, "settlement_review": 1}
    assert page.total == 5 and page.pages == 3
    assert [r.trip.id for r in page.rows] == [trips[2].id, trips[1].id]


def test_a_non_approver_is_refused_the_queue(org):
    with pytest.raises(Forbidden):
        approvals.queue(session=db.session, actor=org["kim"], filters=approvals.QueueFilter())


def _checked(receipt):
    """The receipt with the flags the receipt checks store (as after OCR)."""
    refresh_flags(db.session, receipt, unsure_below=current_settings().unsure_below)
    db.session.commit()
    return receipt


def test_flags_at_a_glance_come_from_statements_receipts_and_the_trip(org, app):
    trip = make_trip(org["kim"], status="settlement_review", destination="부산광역시 중구",
                     region_class="seoul", region_override_reason="서울 숙박 요금으로 묵었습니다")
    receipt = _checked(add_receipt(trip, org["kim"], app.config["UPLOAD_DIR"],
                                   fields={"total_amount": 59800, "date": None},
                                   confidence={"total_amount": 0.3, "date": 0.0}))
    duplicate = flag("duplicate_ticket_no", "승차권 번호가 이미 제출되었습니다.", receipt_id=receipt.id)
    receipt.flags = [*receipt.flags, duplicate.to_dict()]
    add_statement(trip, lines=[{"item": "fare", "quantity": 1, "unit_amount": 59800, "amount": 59800,
                                "rule": "제15조", "note": ""}],
                  flags=[{**duplicate.to_dict(), "ref": 0, "message": f"영수증 #{receipt.id}: 승차권 번호가 "
                                                                     "이미 제출되었습니다."}])
    row = approvals.glance(session=db.session, trips=[trip])[0]
    codes = [f.code for f in row.flags]
    assert codes.count("duplicate_ticket_no") == 1  # the statement's copy: the same finding once
    assert "low_confidence" in codes and "region_override" in codes
    assert row.flags[0].blocking and not row.clean and row.total == 59800
    assert "인식 신뢰도 낮은 값 1개" in [f.message for f in row.flags]  # an empty field is no reading


def test_the_queues_unsure_count_is_the_number_of_unsure_flags(org, app):
    trip = make_trip(org["kim"])
    receipts = [_checked(add_receipt(trip, org["kim"], app.config["UPLOAD_DIR"], fields=fields,
                                     confidence=confidence))
                for fields, confidence in [
                    ({"total_amount": 59800, "departure": "서울", "seat_class": "일반실"},
                     {"total_amount": 0.4, "departure": 0.59, "seat_class": 0.1}),
                    ({"total_amount": 12000, "arrival": "부산", "merchant": "역 매점"},
                     {"total_amount": 0.6, "arrival": 0.2, "merchant": 0.3})]]
    unsure = [f for r in receipts for f in r.flags if f["code"] == "low_confidence"]
    row = approvals.glance(session=db.session, trips=[trip])[0]
    (summary,) = [f for f in row.flags if f.code == "low_confidence"]
    assert len(unsure) == 3 and summary.message == "인식 신뢰도 낮은 값 3개"
    assert summary.level == "review" and not summary.blocking


def test_bulk_approve_gives_each_trip_its_own_outcome_and_audit_row(org):
    ok = make_trip(org["kim"], days_ahead=5)
    stale = make_trip(org["lee"], days_ahead=9)
    review = make_trip(org["kim"], status="settlement_review", days_ahead=30)
    own = make_trip(org["boss"])
    foreign = make_trip(org["park"])
    results = approvals.bulk_approve(settings=current_settings(), session=db.session,
                                     actor=org["boss"], versions={
        ok.id: ok.version, stale.id: stale.version - 1, review.id: review.version,
        own.id: own.version, foreign.id: foreign.version})
    outcome = {r.trip_id: (r.ok, r.reason) for r in results}
    assert outcome == {ok.id: (True, ""), stale.id: (False, "stale"),
                       review.id: (False, "not_applied"), own.id: (False, "forbidden"),
                       foreign.id: (False, "not_found")}
    db.session.expire_all()
    assert db.session.get(Trip, ok.id).status == "approved"
    assert db.session.get(Trip, stale.id).status == "applied"
    approved = {e.trip_id for e in db.session.query(TripEvent).filter_by(action="approve")}
    assert approved == {ok.id, review.id}  # the review trip was approved before it was settled


def test_a_failed_action_persists_nothing(org):
    trip = make_trip(org["kim"])
    with pytest.raises(CommentRequired):
        approvals.act(settings=current_settings(), session=db.session,
                      actor=org["boss"], trip_id=trip.id, action="reject",
                      comment="", expected_version=trip.version)
    db.session.expire_all()
    assert db.session.get(Trip, trip.id).status == "applied"
    assert db.session.query(TripEvent).filter_by(trip_id=trip.id).count() == 1  # the application


def test_an_unknown_action_or_another_units_trip_is_not_found(org):
    trip = make_trip(org["kim"])
    with pytest.raises(NotFound):
        approvals.act(settings=current_settings(), session=db.session,
                      actor=org["boss"], trip_id=trip.id, action="pay")
    with pytest.raises(NotFound):
        approvals.trip_detail(session=db.session, actor=org["boss"], trip_id=make_trip(org["park"]).id,
                              origin=Origin(ip="127.0.0.1"), settings=current_settings())


def test_impact_fills_every_recent_month_and_refuses_other_units(org):
    trip = make_trip(org["kim"], status="settlement_review")
    approvals.act(settings=current_settings(), session=db.session,
                  actor=org["boss"], trip_id=trip.id, action="accept-settlement")
    summary = approvals.impact(settings=current_settings(), session=db.session, actor=org["boss"])
    assert summary["trips_settled"] == 1 and len(summary["recent_months"]) == 12
    assert summary["recent_months"][-1]["trips_settled"] == 1
    assert sum(m["trips_settled"] for m in summary["recent_months"]) == 1
    with pytest.raises(NotFound):
        approvals.impact(settings=current_settings(),
                         session=db.session, actor=org["boss"], unit_id=org["park"].unit_id)
