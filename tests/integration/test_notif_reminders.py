"""`flask notify reminders`: the due reminders, each once however often it runs (Asia/Seoul)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import SEOUL, Notification, Trip
from tests.trip_helpers import act, create_trip, make_office


def reminders(app, now):
    from app.services.notify_reminders import run_reminders

    return run_reminders(session=db.session, config=app.config, now=now)


def kinds_of(user_id) -> list[str]:
    return sorted(db.session.scalars(select(Notification.kind).where(Notification.user_id == user_id)))


def approved_trip(client, office, end: str) -> int:
    trip = create_trip(client, office.h_traveler, start_at="2026-03-09T08:00:00+09:00", end_at=end)
    act(client, office.h_traveler, trip["id"], "apply")
    act(client, office.h_approver, trip["id"], "approve", comment="")
    return trip["id"]


def test_a_trip_ended_a_week_ago_and_not_settled_is_reminded_once(app, client):
    office = make_office(client)
    trip_id = approved_trip(client, office, "2026-03-10T18:00:00+09:00")
    six_days = datetime(2026, 3, 16, 9, 0, tzinfo=SEOUL)
    assert "reminder_unsettled" not in reminders(app, six_days).written
    for _ in range(3):
        reminders(app, six_days + timedelta(days=1))
    rows = db.session.scalars(select(Notification).where(Notification.kind == "reminder_unsettled")).all()
    assert [(r.user_id, r.trip_id) for r in rows] == [(office.traveler.id, trip_id)]
    assert "7일이 지났지만" in rows[0].body


def test_the_evidence_deadline_is_reminded_two_days_before_it(app, client):
    office = make_office(client)
    approved_trip(client, office, "2026-03-10T18:00:00+09:00")  # deadline 2026-03-24 (제8조의2)
    assert "reminder_evidence_due" not in reminders(app, datetime(2026, 3, 21, 9, tzinfo=SEOUL)).written
    report = reminders(app, datetime(2026, 3, 22, 9, tzinfo=SEOUL))
    assert report.written["reminder_evidence_due"] == 1
    reminders(app, datetime(2026, 3, 23, 9, tzinfo=SEOUL))
    [note] = db.session.scalars(select(Notification).where(Notification.kind == "reminder_evidence_due"))
    assert "2026-03-24" in note.body and "2일 남았습니다" in note.body


def test_an_application_waiting_over_two_working_days_reminds_its_approvers(app, client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    row = db.session.get(Trip, trip["id"])
    row.applied_at = datetime(2026, 12, 4, 10, tzinfo=SEOUL)  # a Friday
    db.session.commit()
    assert not reminders(app, datetime(2026, 12, 8, 9, tzinfo=SEOUL)).written  # Mon, Tue: two days
    reminders(app, datetime(2026, 12, 9, 9, tzinfo=SEOUL))
    reminders(app, datetime(2026, 12, 10, 9, tzinfo=SEOUL))
    assert kinds_of(office.approver.id) == ["approval_waiting", "reminder_approval_overdue"]
    assert "reminder_approval_overdue" not in kinds_of(office.traveler.id)


def test_the_command_runs_twice_and_writes_each_reminder_once(app, client):
    office = make_office(client)
    approved_trip(client, office, "2026-03-10T18:00:00+09:00")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["notify", "reminders"])
    second = runner.invoke(args=["notify", "reminders"])
    assert first.exit_code == 0 and "reminder_unsettled: 1" in first.output
    assert second.exit_code == 0 and "reminder_unsettled" not in second.output
    assert db.session.scalar(select(func.count(Notification.id)).where(
        Notification.kind == "reminder_unsettled")) == 1


def test_settled_or_cancelled_trips_are_not_reminded(app, client):
    office = make_office(client)
    trip_id = approved_trip(client, office, "2026-03-10T18:00:00+09:00")
    act(client, office.h_traveler, trip_id, "cancel")
    assert reminders(app, datetime(2026, 3, 23, 9, tzinfo=SEOUL)).written == {}


def test_a_post_report_notice_emitted_in_a_change_reaches_the_approvers_once(app, client):
    from app.services.notify import emit

    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    row = db.session.get(Trip, trip["id"])
    for _ in range(2):
        emit(db.session, row, "post_report_waiting", f"t{row.id}:decision-1", comment="대결 처리")
        db.session.commit()
    emit(db.session, row, "post_report_waiting", f"t{row.id}:decision-2")
    db.session.rollback()
    db.session.commit()
    [note] = db.session.scalars(select(Notification).where(Notification.kind == "post_report_waiting"))
    assert note.user_id == office.approver.id and "사후보고" in note.title and "대결 처리" in note.body
