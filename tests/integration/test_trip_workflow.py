"""Trip services against the database: locking, the audit chain, impact figures, invariants."""
from __future__ import annotations

import threading
from datetime import timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import select, text
from sqlalchemy.orm.exc import StaleDataError

from app.errors import AppError
from app.extensions import db
from app.models import SEOUL, Receipt, Trip, TripEvent
from app.services import trips as svc
from app.services.audit import verify_chains
from app.settings import current_settings
from tests.factories import login, make_unit, make_user
from tests.trip_helpers import act, approved_trip_id, create_trip, without_audit_row_triggers
from workflow.machine import CommentRequired, InvalidTransition
from workflow.states import Action, TripStatus


def _draft(traveler):
    from datetime import datetime

    return svc.create_trip(session=db.session, actor=traveler, data={
        "purpose": "점검", "destination": "대전광역시 서구", "transport": "rail",
        "start_at": datetime(2026, 5, 1, 8, tzinfo=SEOUL), "end_at": datetime(2026, 5, 1, 19, tzinfo=SEOUL)})


def _applied_trip_with_two_approvers():
    unit = make_unit()
    traveler = make_user(unit=unit)
    ap1 = make_user(unit=unit, roles=("approver",), approves=(unit.code,))
    ap2 = make_user(unit=unit, roles=("approver",), approves=(unit.code,))
    trip = _draft(traveler)
    svc.apply_trip(settings=current_settings(), session=db.session, trip_id=trip.id, actor=traveler)
    return trip.id, ap1.id, ap2.id


def test_two_sessions_approving_the_same_version_give_one_approval(app):
    trip_id, ap1_id, ap2_id = _applied_trip_with_two_approvers()
    from sqlalchemy.orm import Session

    with Session(db.engine) as first, Session(db.engine) as second:
        from app.models import User

        t1, t2 = first.get(Trip, trip_id), second.get(Trip, trip_id)
        assert t1.version == t2.version
        svc.record_transition(settings=current_settings(),
                              session=first, trip=t1, action=Action.APPROVE, actor=first.get(User, ap1_id))
        first.commit()
        try:
            svc.record_transition(settings=current_settings(), session=second, trip=t2, action=Action.APPROVE,
                                  actor=second.get(User, ap2_id))
            second.commit()
            raise AssertionError("the second approval must not commit")
        except StaleDataError:
            second.rollback()
    events = db.session.scalars(select(TripEvent).where(TripEvent.trip_id == trip_id)).all()
    assert [e.action for e in events] == ["apply", "approve"]
    assert verify_chains(session=db.session, keys=current_settings().audit_keys).ok


def test_two_approvers_clicking_at_once_over_http_give_one_200_and_one_409(app):
    """Real threads, real connections (PostgreSQL when TEST_DATABASE_URL is set, else SQLite)."""
    for _round in range(5):
        unit = make_unit()
        traveler = make_user(unit=unit)
        approvers = [make_user(unit=unit, roles=("approver",), approves=(unit.code,)) for _ in range(2)]
        client = app.test_client()
        trip = create_trip(client, login(client, traveler.username))
        act(client, login(client, traveler.username), trip["id"], "apply")
        headers = [login(client, a.username) for a in approvers]
        barrier = threading.Barrier(2)
        results: list[int] = []

        def click(h):
            with app.app_context():
                c = app.test_client()
                barrier.wait()
                results.append(act(c, h, trip["id"], "approve", version=trip["version"] + 1).status_code)
                db.session.remove()

        threads = [threading.Thread(target=click, args=(h,)) for h in headers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert sorted(results) == [200, 409]
        db.session.expire_all()
        rows = db.session.scalars(select(TripEvent).where(TripEvent.trip_id == trip["id"],
                                                          TripEvent.action == "approve")).all()
        assert len(rows) == 1
    assert verify_chains(session=db.session, keys=current_settings().audit_keys).ok


def test_the_audit_table_refuses_updates_and_deletes_in_sql(app):
    trip_id, _, _ = _applied_trip_with_two_approvers()
    for sql in ("UPDATE trip_events SET comment = 'x'", "DELETE FROM trip_events"):
        try:
            with db.engine.begin() as conn:
                conn.execute(text(sql))
            raise AssertionError(f"{sql} was allowed")
        except AssertionError:
            raise
        except Exception as exc:  # the trigger's error, whatever the driver calls it
            assert "insert-only" in str(exc)
    assert len(svc.trip_events(session=db.session, trip_id=trip_id,
                               actor=db.session.get(Trip, trip_id).traveler)) == 1


def test_audit_verify_passes_on_an_untouched_trail(app):
    approved_trip_id(app)
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "OK" in result.output and "2 audit rows" in result.output


def test_audit_verify_catches_a_row_changed_through_sql(app):
    trip_id = approved_trip_id(app)
    without_audit_row_triggers(
        f"UPDATE trip_events SET comment = '승인 (수정됨)' WHERE trip_id = {trip_id} AND seq = 2")
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"trip {trip_id} row 2: content changed" in result.output


def test_audit_verify_catches_a_deleted_row(app):
    trip_id = approved_trip_id(app)
    without_audit_row_triggers(f"DELETE FROM trip_events WHERE trip_id = {trip_id} AND seq = 1")
    report = verify_chains(session=db.session, keys=current_settings().audit_keys)
    assert not report.ok
    assert any("missing" in p.reason or "broken" in p.reason for p in report.problems)


def test_audit_verify_catches_the_last_row_deleted(app):
    trip_id = approved_trip_id(app)
    without_audit_row_triggers(f"DELETE FROM trip_events WHERE trip_id = {trip_id} AND seq = 2")
    report = verify_chains(session=db.session, keys=current_settings().audit_keys, trip_id=trip_id)
    assert [p.reason for p in report.problems] == [
        "trip is 'approved' but its last audit row says 'applied' (last row deleted?)"]


def test_nothing_persists_when_a_transition_fails(app):
    trip_id, ap1_id, _ = _applied_trip_with_two_approvers()
    from app.models import User

    approver = db.session.get(User, ap1_id)
    try:
        svc.transition(settings=current_settings(), action=Action.REJECT,
                       session=db.session, trip_id=trip_id, actor=approver, comment="")
        raise AssertionError("reject without a comment must fail")
    except CommentRequired:
        pass
    db.session.expire_all()
    assert db.session.get(Trip, trip_id).status == "applied"
    assert len(db.session.scalars(select(TripEvent).where(TripEvent.trip_id == trip_id)).all()) == 1


def _settle(trip_id, traveler):
    return svc.transition(settings=current_settings(),
                          session=db.session, trip_id=trip_id, actor=traveler, action=Action.SETTLE)


def test_impact_figures_on_a_seeded_set_of_trips(app, client):
    unit = make_unit()
    traveler = make_user(unit=unit)
    approver = make_user(unit=unit, roles=("approver",), approves=(unit.code,))
    settled = []
    for n_receipts in (0, 2, 4):
        trip = _draft(traveler)
        svc.apply_trip(settings=current_settings(), session=db.session, trip_id=trip.id, actor=traveler)
        svc.approve_trip(settings=current_settings(), session=db.session, trip_id=trip.id, actor=approver)
        for i in range(n_receipts):
            db.session.add(Receipt(trip_id=trip.id, uploader_id=traveler.id, source="upload", trust="ocr",
                                   status="done", sha256=f"{trip.id:032d}{i:032d}"))
        db.session.commit()
        _settle(trip.id, traveler)
        settled.append(trip.id)
    unsettled = _draft(traveler)
    svc.apply_trip(settings=current_settings(), session=db.session, trip_id=unsettled.id, actor=traveler)
    body = client.get("/api/v1/stats/impact", headers=login(client, approver.username)).get_json()
    # Sheets: no receipts -> the ministry's 3; else 2 + one per printed receipt: 3 + 4 + 6.
    assert body["trips_settled"] == 3 and body["sheets_saved"] == 13
    assert body["steps_saved"] == 3 * 4 and body["staff_minutes_saved"] == 30
    assert body["krw_saved"] == 16191  # 30 min x 32,381 KRW/h = 16,190.5, rounded half up
    assert body["parameters"]["krw_per_staff_hour"] == 32381 and body["unit_ids"] == [unit.id]
    assert body["median_days_apply_to_settled"] is not None and body["median_days_apply_to_settled"] < 0.01
    assert len(body["by_month"]) == 1 and body["by_month"][0]["trips_settled"] == 3


def test_impact_is_for_approvers_finance_and_admin_only(app, client):
    unit_a, unit_b = make_unit(), make_unit()
    traveler = make_user(unit=unit_a)
    approver_b = make_user(unit=unit_b, roles=("approver",), approves=(unit_b.code,))
    make_user("fin", roles=("finance",))
    assert client.get("/api/v1/stats/impact", headers=login(client, traveler.username)).status_code == 403
    h_b = login(client, approver_b.username)
    assert client.get(f"/api/v1/stats/impact?unit_id={unit_a.id}", headers=h_b).status_code == 403
    assert client.get("/api/v1/stats/impact", headers=login(client, "fin")).status_code == 200


def test_impact_date_range_excludes_trips_settled_outside_it(app, client):
    unit = make_unit()
    traveler = make_user(unit=unit)
    approver = make_user(unit=unit, roles=("approver",), approves=(unit.code,))
    trip = _draft(traveler)
    svc.apply_trip(settings=current_settings(), session=db.session, trip_id=trip.id, actor=traveler)
    svc.approve_trip(settings=current_settings(), session=db.session, trip_id=trip.id, actor=approver)
    _settle(trip.id, traveler)
    today = db.session.get(Trip, trip.id).settled_at.date()
    h = login(client, approver.username)
    inside = client.get(f"/api/v1/stats/impact?date_from={today}&date_to={today}", headers=h).get_json()
    before = client.get(f"/api/v1/stats/impact?date_to={today - timedelta(days=1)}", headers=h).get_json()
    assert inside["trips_settled"] == 1 and before["trips_settled"] == 0


ACTIONS = [Action.APPLY, Action.APPROVE, Action.REJECT, Action.RETURN, Action.CANCEL, Action.SETTLE,
           Action.SETTLE_FOR_REVIEW, Action.ACCEPT_SETTLEMENT, Action.RETURN_SETTLEMENT]


def test_random_action_sequences_keep_the_workflow_invariants(app):
    """Hypothesis drives random actions by random people; the invariants hold after each."""
    unit = make_unit()
    people = {"owner": make_user(unit=unit), "other": make_user(unit=unit),
              "approver": make_user(unit=unit, roles=("approver",), approves=(unit.code,))}

    class TripMachine(RuleBasedStateMachine):
        @initialize()
        def new_trip(self):
            self.trip_id = _draft(people["owner"]).id
            self.changes = 0

        @rule(action=st.sampled_from(ACTIONS), who=st.sampled_from(sorted(people)),
              comment=st.sampled_from(["", "사유"]))
        def act(self, action, who, comment):
            before = db.session.get(Trip, self.trip_id).status
            try:
                svc.transition(settings=current_settings(),
                               session=db.session, trip_id=self.trip_id, actor=people[who],
                               action=action, comment=comment)
                self.changes += 1
            except (AppError, InvalidTransition, CommentRequired):
                db.session.expire_all()
                assert db.session.get(Trip, self.trip_id).status == before

        @invariant()
        def every_change_has_exactly_one_audit_row(self):
            events = db.session.scalars(select(TripEvent).where(TripEvent.trip_id == self.trip_id)
                                        .order_by(TripEvent.seq)).all()
            assert len(events) == self.changes
            status = db.session.get(Trip, self.trip_id).status
            assert status == (events[-1].to_status if events else "draft")

        @invariant()
        def nothing_is_settled_without_an_approval(self):
            status = db.session.get(Trip, self.trip_id).status
            if status in (TripStatus.SETTLED, TripStatus.SETTLEMENT_REVIEW, TripStatus.PAID):
                actions = db.session.scalars(select(TripEvent.action).where(
                    TripEvent.trip_id == self.trip_id)).all()
                assert "approve" in actions

    run_state_machine_as_test(TripMachine, settings=settings(
        max_examples=25, stateful_step_count=12, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
    assert verify_chains(session=db.session, keys=current_settings().audit_keys).ok
