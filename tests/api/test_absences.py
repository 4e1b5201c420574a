"""대결 while an approver is away, 사후보고 acknowledged on return, and absences' own rules."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Absence, TripEvent, now_seoul
from app.services.audit import verify_chains
from app.settings import current_settings
from tests.approval_helpers import applied_trip, make_line_office, register_absence, trip_view
from tests.factories import login, make_unit, make_user
from tests.trip_helpers import act


def _absence_body(substitute_id: int, **overrides) -> dict:
    now = now_seoul()
    body = {"start_at": now.isoformat(), "end_at": (now + timedelta(days=2)).isoformat(),
            "substitute_id": substitute_id, "reason": "출장"}
    return body | overrides


def test_the_substitute_decides_the_absent_approvers_step_as_대결(client):
    office = make_line_office(client)
    trip = applied_trip(client, office, days=3)
    act(client, office.h["reviewer"], trip["id"], "approve", comment="검토함")
    assert act(client, office.h["substitute"], trip["id"], "approve").status_code == 403
    register_absence(client, office)
    seen = trip_view(client, office, trip["id"], "substitute")
    assert "approve" in seen["allowed_actions"]
    done = act(client, office.h["substitute"], trip["id"], "approve", comment="대결 승인").get_json()
    assert done["status"] == "approved"
    step = done["approval_steps"][1]
    assert (step["decided_by"], step["on_behalf_of"], step["mark"]) == (
        office.substitute.id, office.approver.id, "대결")
    row = db.session.scalars(select(TripEvent).where(TripEvent.trip_id == trip["id"])
                             .order_by(TripEvent.seq.desc())).first()
    assert (row.action, row.actor_id, row.on_behalf_of_id, row.step) == (
        "approve", office.substitute.id, office.approver.id, 2)
    assert verify_chains(session=db.session, keys=current_settings().audit_keys).ok


def test_the_absent_approver_acknowledges_the_사후보고_and_it_leaves_the_queue(client):
    office = make_line_office(client)
    trip = applied_trip(client, office, days=1)
    register_absence(client, office)
    act(client, office.h["substitute"], trip["id"], "approve", comment="대결")
    queue = client.get("/api/v1/me/post-reports", headers=office.h["approver"]).get_json()["items"]
    assert [(i["trip_id"], i["decided_by"], i["acknowledged_at"]) for i in queue] == [
        (trip["id"], office.substitute.id, None)]
    assert "acknowledge" in trip_view(client, office, trip["id"], "approver")["allowed_actions"]
    assert client.get("/api/v1/me/post-reports",
                      headers=office.h["substitute"]).get_json()["items"] == []
    assert client.post(f"/api/v1/trips/{trip['id']}/acknowledge",
                       headers=office.h["substitute"]).status_code == 404
    done = client.post(f"/api/v1/trips/{trip['id']}/acknowledge", headers=office.h["approver"])
    assert done.status_code == 200 and done.get_json()["items"][0]["acknowledged_at"]
    again = client.post(f"/api/v1/trips/{trip['id']}/acknowledge", headers=office.h["approver"])
    assert again.status_code == 409
    assert client.get("/api/v1/me/post-reports", headers=office.h["approver"]).get_json()["items"] == []
    everything = client.get("/api/v1/me/post-reports?include_acknowledged=true",
                            headers=office.h["approver"]).get_json()["items"]
    assert len(everything) == 1
    events = client.get(f"/api/v1/trips/{trip['id']}/events", headers=office.h["approver"])
    assert events.get_json()["items"][-1]["action"] == "acknowledge"
    assert trip_view(client, office, trip["id"])["status"] == "approved"
    assert verify_chains(session=db.session, keys=current_settings().audit_keys).ok


def test_an_approver_with_no_absence_registered_cannot_be_bypassed(client):
    office = make_line_office(client)
    trip = applied_trip(client, office, days=1)
    register_absence(client, office, who="reviewer")  # someone else's absence does not count
    assert act(client, office.h["substitute"], trip["id"], "approve").status_code == 403


def test_the_substitutes_authority_ends_with_the_absence(client):
    office = make_line_office(client)
    first, second = applied_trip(client, office, days=1), applied_trip(client, office, days=1)
    absence = register_absence(client, office)
    assert act(client, office.h["substitute"], first["id"], "approve").status_code == 200
    gone = client.delete(f"/api/v1/me/absences/{absence['id']}", headers=office.h["approver"])
    assert gone.status_code == 204
    assert act(client, office.h["substitute"], second["id"], "approve").status_code == 403
    assert client.get("/api/v1/me/absences", headers=office.h["approver"]).get_json()["items"] == []


def test_an_absence_that_is_over_gives_the_substitute_nothing(client):
    office = make_line_office(client)
    trip = applied_trip(client, office, days=1)
    absence = register_absence(client, office)
    row = db.session.get(Absence, absence["id"])
    row.end_at = now_seoul() - timedelta(minutes=1)
    db.session.commit()
    assert act(client, office.h["substitute"], trip["id"], "approve").status_code == 403


def test_a_substitute_never_decides_their_own_trip(client):
    office = make_line_office(client)
    trip = applied_trip(client, office, days=1, who="substitute")
    register_absence(client, office)
    refused = act(client, office.h["substitute"], trip["id"], "approve")
    assert refused.status_code == 403 and "own trip" in refused.get_json()["detail"]


def test_a_substitute_must_approve_in_one_of_the_absent_approvers_units(client):
    office = make_line_office(client)
    other_unit = make_unit()
    outsider = make_user(unit=other_unit, roles=("approver",), approves=(other_unit.code,))
    for bad in (office.traveler.id, outsider.id, office.approver.id, 999999):
        resp = client.post("/api/v1/me/absences", json=_absence_body(bad), headers=office.h["approver"])
        assert resp.status_code == 422 and "substitute_id" in resp.get_json()["errors"]
    assert db.session.scalars(select(Absence)).all() == []


def test_absence_times_are_checked(client):
    office = make_line_office(client)
    now = now_seoul()
    cases = [{"end_at": (now - timedelta(hours=1)).isoformat()},
             {"start_at": (now + timedelta(days=3)).isoformat()},
             {"end_at": (now + timedelta(days=400)).isoformat()}]
    for overrides in cases:
        resp = client.post("/api/v1/me/absences", headers=office.h["approver"],
                           json=_absence_body(office.substitute.id, **overrides))
        assert resp.status_code == 422 and "end_at" in resp.get_json()["errors"], overrides


def test_who_may_register_see_and_withdraw_absences(client):
    office = make_line_office(client)
    body = _absence_body(office.substitute.id)
    assert client.post("/api/v1/me/absences", json=body, headers=office.h["traveler"]).status_code == 403
    assert client.post("/api/v1/me/absences", json=body).status_code == 401
    assert client.get("/api/v1/me/absences").status_code == 401
    absence = register_absence(client, office)
    mine = client.get("/api/v1/me/absences", headers=office.h["approver"]).get_json()["items"]
    assert [a["id"] for a in mine] == [absence["id"]] and mine[0]["substitute_name"]
    assert client.get("/api/v1/me/absences", headers=office.h["substitute"]).get_json()["items"] == []
    for who in ("substitute", "traveler", "admin"):
        assert client.delete(f"/api/v1/me/absences/{absence['id']}",
                             headers=office.h[who]).status_code == 404
    finance = make_user(roles=("finance",))
    assert client.delete(f"/api/v1/me/absences/{absence['id']}",
                         headers=login(client, finance.username)).status_code == 404
    assert client.delete(f"/api/v1/me/absences/{absence['id']}").status_code == 401


def test_the_printed_statement_marks_the_대결_decision(client):
    from tests.api.test_settlement import add_receipt, rail, settle

    office = make_line_office(client)
    trip = applied_trip(client, office, days=1)
    register_absence(client, office)
    act(client, office.h["substitute"], trip["id"], "approve", comment="대결")
    add_receipt(trip["id"], office.traveler.id, fields=rail(23700, arrival="대전"))
    assert settle(client, office.h["traveler"], trip["id"]).status_code == 200
    html = client.get(f"/api/v1/trips/{trip['id']}/statement?format=html",
                      headers=office.h["traveler"]).get_data(as_text=True)
    assert f"결재: {office.substitute.name} (대결, {office.approver.name} 부재)" in html
    pdf = client.get(f"/api/v1/trips/{trip['id']}/statement?format=pdf", headers=office.h["traveler"])
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_notices_follow_the_line_and_the_absent_approver_is_told_of_the_대결(client):
    from app.models import Notification

    office = make_line_office(client)
    trip = applied_trip(client, office, days=3)

    def told(kind: str) -> set[int]:
        return {n.user_id for n in db.session.scalars(select(Notification).where(
            Notification.kind == kind, Notification.trip_id == trip["id"]))}

    assert told("approval_waiting") == {office.reviewer.id}  # 검토 first, not the 결재권자
    register_absence(client, office)
    act(client, office.h["reviewer"], trip["id"], "approve")
    assert told("approval_waiting") == {office.reviewer.id, office.approver.id,
                                        office.substitute.id}  # step 2: the approver, or in 대결
    act(client, office.h["substitute"], trip["id"], "approve", comment="대결 승인")
    assert told("post_report_waiting") == {office.approver.id}
