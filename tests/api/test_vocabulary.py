"""GET /api/v1/vocabulary: the trip words every client shows, from the registry, public and cacheable."""
from __future__ import annotations

import pytest

from app.api import trips as trips_api
from app.services.vocabulary import vocabulary
from tests.factories import login, make_user
from workflow.states import Action, TripStatus
from workflow.trip_registry import ACTIONS, STATUSES, generic_routes


def test_anyone_may_read_the_vocabulary_without_logging_in(client):
    resp = client.get("/api/v1/vocabulary")
    assert resp.status_code == 200
    assert resp.headers["ETag"] and "public" in resp.headers["Cache-Control"]


@pytest.mark.parametrize("role", ["traveler", "approver", "finance", "admin"])
def test_every_role_reads_the_same_vocabulary(client, role):
    make_user("who", roles=(role,))
    anonymous = client.get("/api/v1/vocabulary").get_json()
    assert client.get("/api/v1/vocabulary", headers=login(client, "who")).get_json() == anonymous


def test_every_status_has_a_label_tone_and_terminal_flag(client):
    statuses = client.get("/api/v1/vocabulary").get_json()["trip_statuses"]
    assert set(statuses) == {s.value for s in TripStatus}
    for code, word in statuses.items():
        assert word["label"] == STATUSES[TripStatus(code)].label and word["tone"]
    assert statuses["applied"]["label"] == "결재 대기"
    assert {c for c, w in statuses.items() if w["terminal"]} == {"rejected", "cancelled", "paid"}


def test_every_action_has_a_label_path_actor_moves_and_done_message(client):
    actions = client.get("/api/v1/vocabulary").get_json()["trip_actions"]
    assert set(actions) == {a.value for a in Action}
    for code, word in actions.items():
        assert word["label"] and word["done_message"] and word["from"] and word["actor"]
        assert word["path"] == ACTIONS[Action(code)].path
    assert actions["accept_settlement"]["path"] == "accept-settlement"
    assert actions["reject"]["comment_required"] and not actions["approve"]["comment_required"]
    assert actions["cancel"]["from"] == ["draft", "applied", "approved"]
    assert actions["pay"]["path"] is None and actions["pay"]["actor"] == "finance"


def test_a_client_holding_the_current_etag_gets_304_without_a_body(client):
    tag = client.get("/api/v1/vocabulary").headers["ETag"]
    resp = client.get("/api/v1/vocabulary", headers={"If-None-Match": tag})
    assert resp.status_code == 304 and resp.get_data() == b""
    assert resp.headers["ETag"] == tag


def test_a_stale_etag_gets_the_full_vocabulary(client):
    resp = client.get("/api/v1/vocabulary", headers={"If-None-Match": '"not-the-current-one"'})
    assert resp.status_code == 200 and resp.get_json()["trip_actions"]


def test_the_document_describes_each_status_and_action_word(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert set(schemas["TripStatusWord"]["required"]) == {"label", "tone", "terminal"}
    assert {"label", "path", "actor", "from", "comment_required",
            "done_message"} <= set(schemas["TripActionWord"]["required"])


def test_each_generic_action_has_its_route_and_the_module_names_it(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for info in generic_routes():
        assert "post" in paths[f"/api/v1/trips/{{trip_id}}/{info.path}"], info.path
        assert f"/<trip_id>/{info.path}" in trips_api.ACTION_PATHS
        assert f"/{info.path}" in trips_api.__doc__
    assert len(trips_api.ACTION_PATHS) == len(generic_routes())
    assert "post" in paths["/api/v1/trips/{trip_id}/settle"]  # the settlement blueprint's route


def test_statement_items_regions_transports_and_notice_kinds_come_from_workflow(client):
    from workflow.notices import NOTICES
    from workflow.regions import CLASS_LABELS
    from workflow.statement import ITEM_LABELS
    from workflow.transport import TRANSPORT_LABELS

    words = client.get("/api/v1/vocabulary").get_json()
    assert {k: v["label"] for k, v in words["statement_items"].items()} == ITEM_LABELS
    assert {k: v["label"] for k, v in words["regions"].items()} == CLASS_LABELS
    # JSON keys arrive sorted: `order` gives the trip form the table's order back (rail first).
    transports = sorted(words["transports"].items(), key=lambda kv: kv[1]["order"])
    assert [(k, v["label"]) for k, v in transports] == list(TRANSPORT_LABELS.items())
    kinds = words["notification_kinds"]
    assert set(kinds) == set(NOTICES) and kinds["approval_waiting"] == {"label": "결재 요청",
                                                                        "audience": "approvers"}


def test_the_response_carries_every_section_the_registries_build(client):
    # The response schema dumps declared fields only: a section without a field would vanish silently.
    served = client.get("/api/v1/vocabulary").get_json()
    assert set(served) == set(vocabulary(unsure_below=0.6))
    assert served["approval_step_statuses"]["waiting"] and served["approval_marks"]["daegyeol"] == "대결"
