"""GET /api/v1/vocabulary carries the flag registry and the one unsure threshold."""
from __future__ import annotations

from workflow.flags import FLAGS, UNSURE_BELOW


def test_the_vocabulary_lists_every_flag_code_with_its_level_and_label(client):
    body = client.get("/api/v1/vocabulary").get_json()
    assert set(body["flags"]) == set(FLAGS)
    assert body["flags"]["class_above_entitlement"] == {"level": "blocking", "label": "제2호 철도 특실"}
    assert body["flag_levels"]["review"] == {"label": "검토"}
    assert body["unsure_below"] == UNSURE_BELOW


def test_the_vocabulary_gives_the_threshold_the_server_flags_with(client, app):
    before = client.get("/api/v1/vocabulary")
    app.config["LOW_CONFIDENCE_THRESHOLD"] = 0.8
    after = client.get("/api/v1/vocabulary")
    assert after.get_json()["unsure_below"] == 0.8
    assert after.headers["ETag"] != before.headers["ETag"]  # the phone's cached copy is replaced
