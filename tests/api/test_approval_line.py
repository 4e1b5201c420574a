"""결재선: policies pick a trip's line, steps are decided in order, and the rules that hold."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.services.audit import verify_chains
from app.settings import current_settings
from tests.approval_helpers import applied_trip, make_line_office, put_policy, trip_view
from tests.factories import login, make_user
from tests.trip_helpers import act, create_trip


def _statuses(trip: dict) -> list[str]:
    return [s["status"] for s in trip["approval_steps"]]


def test_without_a_policy_a_trip_has_one_결재_step_for_any_approver_of_the_unit(client):
    office = make_line_office(client, policy=False)
    trip = applied_trip(client, office)
    assert [(s["order"], s["title"], s["status"]) for s in trip["approval_steps"]] == [
        (1, "결재", "pending")]
    assert set(trip["approval_steps"][0]["approver_ids"]) == {
        office.reviewer.id, office.approver.id, office.substitute.id}
    done = act(client, office.h["substitute"], trip["id"], "approve", comment="승인").get_json()
    assert done["status"] == "approved" and _statuses(done) == ["approved"]
    assert done["approval_steps"][0]["decided_by"] == office.substitute.id
    assert done["approval_steps"][0]["on_behalf_of"] is None


def test_a_three_day_trip_goes_from_검토_to_결재_and_stays_applied_until_the_last_step(client):
    office = make_line_office(client)
    trip = applied_trip(client, office, days=3)
    assert [s["title"] for s in trip["approval_steps"]] == ["검토", "결재"]
    assert _statuses(trip) == ["pending", "waiting"]
    early = act(client, office.h["approver"], trip["id"], "approve", comment="먼저")
    assert early.status_code == 403
    seen = trip_view(client, office, trip["id"], "approver")
    assert "approve" not in seen["allowed_actions"]
    assert "approve" in trip_view(client, office, trip["id"], "reviewer")["allowed_actions"]
    reviewed = act(client, office.h["reviewer"], trip["id"], "approve", comment="검토함").get_json()
    assert reviewed["status"] == "applied" and _statuses(reviewed) == ["approved", "pending"]
    assert reviewed["approval_steps"][0]["decided_by"] == office.reviewer.id
    assert reviewed["approval_steps"][0]["comment"] == "검토함"
    done = act(client, office.h["approver"], trip["id"], "approve", comment="결재함").get_json()
    assert done["status"] == "approved" and _statuses(done) == ["approved", "approved"]
    events = client.get(f"/api/v1/trips/{trip['id']}/events", headers=office.h["traveler"])
    rows = [(e["action"], e["to_status"], e["step"]) for e in events.get_json()["items"]]
    assert rows == [("apply", "applied", None), ("approve_step", "applied", 1),
                    ("approve", "approved", 2)]
    assert verify_chains(session=db.session, keys=current_settings().audit_keys).ok


def test_a_one_day_trip_goes_to_결재_directly(client):
    office = make_line_office(client)
    trip = applied_trip(client, office, days=1)
    assert [(s["title"], s["approver_ids"]) for s in trip["approval_steps"]] == [
        ("결재", [office.approver.id])]
    assert act(client, office.h["reviewer"], trip["id"], "approve").status_code == 403
    assert act(client, office.h["approver"], trip["id"], "approve").get_json()["status"] == "approved"


def test_approving_again_cannot_skip_the_line(client):
    office = make_line_office(client)
    trip = applied_trip(client, office)
    assert act(client, office.h["reviewer"], trip["id"], "approve").status_code == 200
    again = act(client, office.h["reviewer"], trip["id"], "approve")
    assert again.status_code == 403 and "already decided" in again.get_json()["detail"]
    assert trip_view(client, office, trip["id"])["status"] == "applied"


def test_one_person_named_on_two_steps_decides_only_one_of_them(client):
    office = make_line_office(client, policy=False)
    both = [{"steps": [{"title": "검토", "approver_ids": [office.approver.id]},
                       {"title": "결재", "approver_ids": [office.approver.id, office.reviewer.id]}]}]
    assert put_policy(client, office, both).status_code == 200
    trip = applied_trip(client, office)
    assert act(client, office.h["approver"], trip["id"], "approve").status_code == 200
    assert act(client, office.h["approver"], trip["id"], "approve").status_code == 403
    done = act(client, office.h["reviewer"], trip["id"], "approve")
    assert done.get_json()["status"] == "approved"


def test_nobody_decides_a_step_of_their_own_trip(client):
    office = make_line_office(client)
    trip = applied_trip(client, office, who="reviewer", days=3)
    refused = act(client, office.h["reviewer"], trip["id"], "approve")
    assert refused.status_code == 403 and "own trip" in refused.get_json()["detail"]
    assert act(client, office.h["reviewer"], trip["id"], "return", comment="x").status_code == 403


def test_returning_at_the_검토_step_ends_the_line_and_reapplying_starts_a_new_one(client):
    office = make_line_office(client)
    trip = applied_trip(client, office)
    back = act(client, office.h["reviewer"], trip["id"], "return", comment="일정 확인").get_json()
    assert back["status"] == "draft" and _statuses(back) == ["returned", "waiting"]
    again = act(client, office.h["traveler"], trip["id"], "apply").get_json()
    assert _statuses(again) == ["pending", "waiting"]
    assert act(client, office.h["reviewer"], trip["id"], "approve").status_code == 200


def test_rejecting_at_the_결재_step_is_final(client):
    office = make_line_office(client)
    trip = applied_trip(client, office)
    act(client, office.h["reviewer"], trip["id"], "approve")
    done = act(client, office.h["approver"], trip["id"], "reject", comment="불필요한 출장").get_json()
    assert done["status"] == "rejected" and _statuses(done) == ["approved", "rejected"]


def test_a_policy_change_does_not_move_trips_in_flight(client):
    office = make_line_office(client)
    trip = applied_trip(client, office)
    one_step = [{"steps": [{"title": "결재", "approver_ids": [office.substitute.id]}]}]
    assert put_policy(client, office, one_step).status_code == 200
    assert [s["title"] for s in trip_view(client, office, trip["id"])["approval_steps"]] == [
        "검토", "결재"]
    assert act(client, office.h["substitute"], trip["id"], "approve").status_code == 403
    assert act(client, office.h["reviewer"], trip["id"], "approve").status_code == 200


def test_two_deciders_on_one_step_with_the_same_version_give_one_decision_and_one_409(client):
    office = make_line_office(client, policy=False)
    trip = applied_trip(client, office)
    first = act(client, office.h["approver"], trip["id"], "approve", version=trip["version"])
    second = act(client, office.h["reviewer"], trip["id"], "approve", version=trip["version"])
    assert (first.status_code, second.status_code) == (200, 409)
    assert trip_view(client, office, trip["id"])["approval_steps"][0]["decided_by"] == \
        office.approver.id


@pytest.mark.parametrize("when,field", [
    ({"min_days": 0}, "rules.0.when.min_days"),
    ({"grade": 3}, "rules.0.when.grade"),
    ({"region": "moon"}, "rules.0.when.region"),
    ({"colour": "red"}, "rules.0.when.colour"),
])
def test_a_bad_policy_is_422_naming_the_field_and_stores_nothing(client, when, field):
    office = make_line_office(client, policy=False)
    rules = [{"when": when, "steps": [{"title": "결재", "approver_ids": [office.approver.id]}]},
             {"steps": [{"title": "결재", "approver_ids": [office.approver.id]}]}]
    resp = put_policy(client, office, rules)
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"
    assert any(field in key or field.rsplit(".", 1)[-1] in key
               for key in _flat(resp.get_json()["errors"])), resp.get_json()
    got = client.get(f"/api/v1/admin/units/{office.unit.id}/approval-policy",
                     headers=office.h["admin"]).get_json()
    assert got["rules"] == []


def _flat(errors, prefix="") -> list[str]:
    if not isinstance(errors, dict):
        return [prefix]
    return [k for key, value in errors.items() for k in _flat(value, f"{prefix}.{key}".strip("."))]


def test_a_policy_naming_someone_who_does_not_approve_in_the_unit_is_422(client):
    office = make_line_office(client, policy=False)
    stranger = make_user()
    rules = [{"steps": [{"title": "결재", "approver_ids": [office.traveler.id, stranger.id]}]}]
    resp = put_policy(client, office, rules)
    assert resp.status_code == 422
    assert "rules.0.steps.0.approver_ids" in resp.get_json()["errors"]


def test_the_last_rule_of_a_policy_has_no_conditions(client):
    office = make_line_office(client, policy=False)
    rules = [{"when": {"min_days": 3}, "steps": [{"title": "결재", "approver_ids": [office.approver.id]}]}]
    resp = put_policy(client, office, rules)
    assert resp.status_code == 422 and "rules.0.when" in resp.get_json()["errors"]


def test_only_admins_read_and_change_a_policy(client):
    office = make_line_office(client)
    url = f"/api/v1/admin/units/{office.unit.id}/approval-policy"
    for who in ("traveler", "reviewer", "approver"):
        assert client.get(url, headers=office.h[who]).status_code == 403
        assert put_policy(client, office, [], headers=office.h[who]).status_code == 403
    finance = make_user(roles=("finance",))
    assert client.get(url, headers=login(client, finance.username)).status_code == 403
    assert client.get(url).status_code == 401
    assert client.get("/api/v1/admin/units/999999/approval-policy",
                      headers=office.h["admin"]).status_code == 404
    got = client.get(url, headers=office.h["admin"]).get_json()
    assert got["rules"][0]["when"] == {"min_days": 3} and got["settlement_rules"] == []


def test_rules_match_on_grade_position_cost_and_region(client):
    office = make_line_office(client, policy=False)
    from app.models import User

    user = db.session.get(User, office.traveler.id)
    user.position_title = "과장"
    db.session.commit()
    line = lambda title: [{"title": title, "approver_ids": [office.approver.id]}]  # noqa: E731
    rules = [{"when": {"grade": 1}, "steps": line("제1호")},
             {"when": {"position": ["과장", "국장"], "region": "seoul"}, "steps": line("과장 서울")},
             {"when": {"min_cost": 500000}, "steps": line("고액")},
             {"steps": line("결재")}]
    assert put_policy(client, office, rules).status_code == 200
    seoul = create_trip(client, office.h["traveler"], destination="서울특별시 종로구")
    busan = create_trip(client, office.h["traveler"], estimated_cost=600000)
    cheap = create_trip(client, office.h["traveler"], estimated_cost=10000)
    own = create_trip(client, office.h["approver"])  # grade 1
    titles = {}
    for name, trip, who in (("seoul", seoul, "traveler"), ("busan", busan, "traveler"),
                            ("cheap", cheap, "traveler"), ("own", own, "approver")):
        titles[name] = act(client, office.h[who], trip["id"], "apply").get_json()[
            "approval_steps"][0]["title"]
    assert titles == {"seoul": "과장 서울", "busan": "고액", "cheap": "결재", "own": "제1호"}
