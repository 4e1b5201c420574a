"""The trip API: drafts, the workflow actions, who may do what, retries and the audit trail."""
from __future__ import annotations

import pytest

from tests.factories import login, make_user
from tests.trip_helpers import act, create_trip, make_office, trip_body


def test_traveler_creates_a_draft_with_the_contract_fields(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    assert trip["status"] == "draft" and trip["version"] == 1 and isinstance(trip["id"], int)
    assert trip["destination"] == "부산광역시 해운대구" and trip["region_class"] == "metro"
    assert trip["start_at"] == "2026-03-10T07:30:00+09:00"
    assert trip["traveler"]["id"] == office.traveler.id and trip["unit"]["id"] == office.unit.id
    assert set(trip["allowed_actions"]) == {"apply", "cancel"}


def test_times_given_in_another_zone_come_back_in_seoul_time(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler, start_at="2026-03-09T22:30:00Z",
                       end_at="2026-03-10T11:00:00Z")
    assert trip["start_at"] == "2026-03-10T07:30:00+09:00"


@pytest.mark.parametrize("override,field", [
    ({"end_at": "2026-03-09T07:30:00+09:00"}, "end_at"),
    ({"start_at": "2026-03-10T07:30:00"}, "start_at"),
    ({"transport": "horse"}, "transport"),
    ({"purpose": ""}, "purpose"),
    ({"status": "settled"}, "status"),
])
def test_invalid_trip_bodies_are_422_with_the_field_named(client, override, field):
    office = make_office(client)
    resp = client.post("/api/v1/trips", json=trip_body(**override), headers=office.h_traveler)
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"
    assert field in resp.get_json()["errors"]
    assert client.get("/api/v1/trips", headers=office.h_traveler).get_json()["meta"]["total"] == 0


def test_region_override_needs_a_reason(client):
    office = make_office(client)
    resp = client.post("/api/v1/trips", json=trip_body(region_class="seoul"), headers=office.h_traveler)
    assert resp.status_code == 422 and "region_override_reason" in resp.get_json()["errors"]
    trip = create_trip(client, office.h_traveler, region_class="seoul",
                       region_override_reason="숙박은 서울에서")
    assert trip["region_class"] == "seoul" and trip["region_override_reason"] == "숙박은 서울에서"


def test_the_full_happy_path_apply_then_approve(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    applied = act(client, office.h_traveler, trip["id"], "apply").get_json()
    assert applied["status"] == "applied" and applied["applied_at"]
    assert "cancel" in applied["allowed_actions"]
    assert not {"approve", "reject", "return"} & set(applied["allowed_actions"])
    seen_by_approver = client.get(f"/api/v1/trips/{trip['id']}", headers=office.h_approver).get_json()
    assert set(seen_by_approver["allowed_actions"]) == {"approve", "reject", "return"}
    approved = act(client, office.h_approver, trip["id"], "approve", comment="좋습니다").get_json()
    assert approved["status"] == "approved" and approved["approved_at"]
    events = client.get(f"/api/v1/trips/{trip['id']}/events", headers=office.h_traveler).get_json()["items"]
    assert [(e["action"], e["from_status"], e["to_status"]) for e in events] == [
        ("apply", "draft", "applied"), ("approve", "applied", "approved")]
    assert events[1]["actor_id"] == office.approver.id and events[1]["comment"] == "좋습니다"
    assert events[1]["prev_hash"] == events[0]["hash"]


def test_status_is_not_a_writable_field(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    resp = client.patch(f"/api/v1/trips/{trip['id']}", json={"status": "settled"}, headers=office.h_traveler)
    assert resp.status_code == 422
    assert client.get(f"/api/v1/trips/{trip['id']}",
                      headers=office.h_traveler).get_json()["status"] == "draft"


def test_traveler_edits_a_draft_but_not_an_application(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    edited = client.patch(f"/api/v1/trips/{trip['id']}", json={"destination": "서울특별시 종로구"},
                          headers=office.h_traveler).get_json()
    assert edited["destination"] == "서울특별시 종로구" and edited["region_class"] == "seoul"
    assert edited["version"] == 2
    act(client, office.h_traveler, trip["id"], "apply")
    resp = client.patch(f"/api/v1/trips/{trip['id']}", json={"purpose": "x"}, headers=office.h_traveler)
    assert resp.status_code == 409


def test_an_illegal_move_is_409_and_changes_nothing(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    resp = act(client, office.h_approver, trip["id"], "approve")
    assert resp.status_code == 409 and resp.get_json()["current_status"] == "draft"
    assert client.get(f"/api/v1/trips/{trip['id']}/events",
                      headers=office.h_traveler).get_json()["items"] == []


@pytest.mark.parametrize("action", ["reject", "return"])
def test_reject_and_return_need_a_comment(client, action):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    resp = act(client, office.h_approver, trip["id"], action, comment="  ")
    assert resp.status_code == 422 and "comment" in resp.get_json()["errors"]
    assert act(client, office.h_approver, trip["id"], action, comment="날짜 확인 바랍니다").status_code == 200


def test_return_sends_the_application_back_to_draft_and_it_can_be_applied_again(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    returned = act(client, office.h_approver, trip["id"], "return", comment="목적을 구체적으로").get_json()
    assert returned["status"] == "draft"
    assert act(client, office.h_traveler, trip["id"], "apply").get_json()["status"] == "applied"


def test_rejected_is_final(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    act(client, office.h_approver, trip["id"], "reject", comment="불요불급")
    assert act(client, office.h_traveler, trip["id"], "apply").status_code == 409
    assert act(client, office.h_traveler, trip["id"], "cancel").status_code == 409


@pytest.mark.parametrize("stage", ["draft", "applied", "approved"])
def test_traveler_cancels_from_draft_applied_or_approved(client, stage):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    if stage != "draft":
        act(client, office.h_traveler, trip["id"], "apply")
    if stage == "approved":
        act(client, office.h_approver, trip["id"], "approve")
    assert act(client, office.h_traveler, trip["id"], "cancel").get_json()["status"] == "cancelled"


def test_approver_never_approves_their_own_trip(client):
    office = make_office(client)
    trip = create_trip(client, office.h_approver)
    act(client, office.h_approver, trip["id"], "apply")
    resp = act(client, office.h_approver, trip["id"], "approve")
    assert resp.status_code == 403
    assert "own trip" in resp.get_json()["detail"]


def test_a_traveler_cannot_approve_and_cannot_act_on_anothers_trip(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    assert act(client, office.h_traveler, trip["id"], "approve").status_code == 403
    assert act(client, office.h_other, trip["id"], "cancel").status_code == 404


def test_a_traveler_reading_anothers_trip_gets_404(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    for path in ("", "/events"):
        resp = client.get(f"/api/v1/trips/{trip['id']}{path}", headers=office.h_other)
        assert resp.status_code == 404 and resp.mimetype == "application/problem+json"
    assert client.patch(f"/api/v1/trips/{trip['id']}", json={"purpose": "x"},
                        headers=office.h_other).status_code == 404


def test_an_approver_of_another_unit_sees_nothing_and_cannot_approve(client):
    office_a, office_b = make_office(client), make_office(client)
    trip = create_trip(client, office_a.h_traveler)
    act(client, office_a.h_traveler, trip["id"], "apply")
    assert client.get(f"/api/v1/trips/{trip['id']}", headers=office_b.h_approver).status_code == 404
    assert act(client, office_b.h_approver, trip["id"], "approve").status_code == 404
    listed = client.get("/api/v1/trips", headers=office_b.h_approver).get_json()
    assert listed["meta"]["total"] == 0


def test_list_shows_own_trips_to_travelers_and_unit_trips_to_approvers(client):
    office = make_office(client)
    mine = create_trip(client, office.h_traveler)
    theirs = create_trip(client, office.h_other)
    own = client.get("/api/v1/trips", headers=office.h_traveler).get_json()
    assert [t["id"] for t in own["items"]] == [mine["id"]]
    unit = client.get("/api/v1/trips", headers=office.h_approver).get_json()
    assert [t["id"] for t in unit["items"]] == [theirs["id"], mine["id"]]  # newest first


def test_finance_and_admin_roles(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    make_user("fin", roles=("finance",))
    make_user("adm", roles=("admin",))
    h_fin, h_adm = login(client, "fin"), login(client, "adm")
    assert client.get(f"/api/v1/trips/{trip['id']}", headers=h_fin).status_code == 404  # not settled
    assert client.get("/api/v1/trips", headers=h_fin).get_json()["meta"]["total"] == 0
    assert client.get(f"/api/v1/trips/{trip['id']}", headers=h_adm).status_code == 200
    assert act(client, h_adm, trip["id"], "apply").status_code == 403  # admins read, never act


def test_list_filters_and_pages(client):
    office = make_office(client)
    ids = [create_trip(client, office.h_traveler, start_at=f"2026-04-{d:02d}T09:00:00+09:00",
                       end_at=f"2026-04-{d:02d}T18:00:00+09:00")["id"] for d in range(1, 6)]
    act(client, office.h_traveler, ids[0], "apply")
    applied = client.get("/api/v1/trips?status=applied", headers=office.h_traveler).get_json()
    assert [t["id"] for t in applied["items"]] == [ids[0]]
    page = client.get("/api/v1/trips?per_page=2&page=2", headers=office.h_traveler).get_json()
    assert page["meta"] == {"page": 2, "per_page": 2, "total": 5, "pages": 3}
    assert [t["id"] for t in page["items"]] == [ids[2], ids[1]]
    dated = client.get("/api/v1/trips?date_from=2026-04-02&date_to=2026-04-03",
                       headers=office.h_traveler).get_json()
    assert sorted(t["id"] for t in dated["items"]) == [ids[1], ids[2]]
    assert client.get("/api/v1/trips?per_page=1000", headers=office.h_traveler).status_code == 422
    assert client.get("/api/v1/trips?status=nope", headers=office.h_traveler).status_code == 422


def test_a_stale_version_is_409_and_says_so(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    resp = act(client, office.h_approver, trip["id"], "approve", version=trip["version"])
    assert resp.status_code == 409 and "stale" in resp.get_json()["type"]
    current = client.get(f"/api/v1/trips/{trip['id']}", headers=office.h_approver).get_json()
    assert current["status"] == "applied"
    assert act(client, office.h_approver, trip["id"], "approve",
               version=current["version"]).status_code == 200


def test_a_retried_post_with_the_same_idempotency_key_changes_nothing(client):
    office = make_office(client)
    key = {"Idempotency-Key": "create-7f3a"}
    first = client.post("/api/v1/trips", json=trip_body(), headers={**office.h_traveler, **key})
    again = client.post("/api/v1/trips", json=trip_body(), headers={**office.h_traveler, **key})
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json() and again.headers["Idempotent-Replayed"] == "true"
    assert client.get("/api/v1/trips", headers=office.h_traveler).get_json()["meta"]["total"] == 1
    trip_id = first.get_json()["id"]
    k2 = {"Idempotency-Key": "apply-1"}
    a1 = client.post(f"/api/v1/trips/{trip_id}/apply", json={}, headers={**office.h_traveler, **k2})
    a2 = client.post(f"/api/v1/trips/{trip_id}/apply", json={}, headers={**office.h_traveler, **k2})
    assert a1.status_code == a2.status_code == 200
    events = client.get(f"/api/v1/trips/{trip_id}/events", headers=office.h_traveler).get_json()["items"]
    assert len(events) == 1


def test_reusing_an_idempotency_key_for_another_request_is_refused(client):
    office = make_office(client)
    key = {"Idempotency-Key": "k-1"}
    client.post("/api/v1/trips", json=trip_body(), headers={**office.h_traveler, **key})
    resp = client.post("/api/v1/trips", json=trip_body(purpose="다른 출장"),
                       headers={**office.h_traveler, **key})
    assert resp.status_code == 422 and "idempotency" in resp.get_json()["type"]
    # Keys belong to a user: the same key from someone else is a new request.
    other = client.post("/api/v1/trips", json=trip_body(), headers={**office.h_other, **key})
    assert other.status_code == 201


def test_a_refused_request_is_replayed_as_refused(client):
    office = make_office(client)
    key = {"Idempotency-Key": "bad-1"}
    r1 = client.post("/api/v1/trips", json=trip_body(transport="horse"), headers={**office.h_traveler, **key})
    r2 = client.post("/api/v1/trips", json=trip_body(transport="horse"), headers={**office.h_traveler, **key})
    assert r1.status_code == r2.status_code == 422 and r2.headers.get("Idempotent-Replayed") == "true"
