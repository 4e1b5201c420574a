"""Settlement review follows the unit's policy too: its own rules, by default one step."""
from __future__ import annotations

from tests.api.test_settlement import add_receipt, rail, settle
from tests.approval_helpers import applied_trip, make_line_office, put_policy, trip_view
from tests.trip_helpers import act


def _in_review(client, office) -> dict:
    trip = applied_trip(client, office, days=3)
    act(client, office.h["reviewer"], trip["id"], "approve")
    act(client, office.h["approver"], trip["id"], "approve")
    add_receipt(trip["id"], office.traveler.id, fields=rail(83700, seat_class="특실"))
    resp = settle(client, office.h["traveler"], trip["id"])
    assert resp.get_json()["status"] == "settlement_review", resp.get_json()
    return resp.get_json()


def test_settlement_review_has_one_step_for_any_approver_by_default(client):
    office = make_line_office(client)
    trip = _in_review(client, office)
    assert [(s["title"], s["status"]) for s in trip["settlement_steps"]] == [("결재", "pending")]
    done = act(client, office.h["substitute"], trip["id"], "accept-settlement")
    assert done.get_json()["status"] == "settled"


def test_settlement_rules_give_review_its_own_two_step_line(client):
    office = make_line_office(client)
    settlement = [{"steps": [{"title": "검토", "approver_ids": [office.substitute.id]},
                             {"title": "결재", "approver_ids": [office.approver.id]}]}]
    from tests.approval_helpers import two_step_rules

    resp = put_policy(client, office, two_step_rules(office), settlement_rules=settlement)
    assert resp.status_code == 200 and resp.get_json()["settlement_rules"][0]["steps"][0][
        "title"] == "검토"
    trip = _in_review(client, office)
    assert [s["status"] for s in trip["settlement_steps"]] == ["pending", "waiting"]
    assert act(client, office.h["approver"], trip["id"], "accept-settlement").status_code == 403
    first = act(client, office.h["substitute"], trip["id"], "accept-settlement").get_json()
    assert first["status"] == "settlement_review"
    assert [s["status"] for s in first["settlement_steps"]] == ["approved", "pending"]
    assert [s["status"] for s in first["approval_steps"]] == ["approved", "approved"]
    done = act(client, office.h["approver"], trip["id"], "accept-settlement").get_json()
    assert done["status"] == "settled"


def test_returning_a_settlement_ends_its_line_and_the_next_review_starts_a_new_one(client):
    office = make_line_office(client)
    trip = _in_review(client, office)
    back = act(client, office.h["approver"], trip["id"], "return-settlement", comment="영수증 확인")
    assert back.get_json()["status"] == "approved"
    assert settle(client, office.h["traveler"], trip["id"]).get_json()["status"] == "settlement_review"
    again = trip_view(client, office, trip["id"])
    assert [s["status"] for s in again["settlement_steps"]] == ["pending"]
