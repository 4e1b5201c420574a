"""`flask approval-policy show|set`, and the demo data walking the 결재선 of issue 15."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import ApprovalPolicy, User, now_seoul
from tests.factories import login
from tests.trip_helpers import act, create_trip


def _ids() -> dict[str, int]:
    return {u.username: u.id for u in db.session.scalars(select(User))}


def test_show_and_set_a_policy_from_the_command_line(app, tmp_path):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo", "--no-trips"]).exit_code == 0
    ids = _ids()
    shown = runner.invoke(args=["approval-policy", "show", "UNIT-A"])
    assert shown.exit_code == 0 and json.loads(shown.output)["rules"][0]["when"] == {"min_days": 3}
    assert json.loads(runner.invoke(args=["approval-policy", "show", "UNIT-B"]).output)["rules"] == []
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"rules": [{"steps": [
        {"title": "결재", "approver_ids": [ids["approver2"]]}]}]}), encoding="utf-8")
    done = runner.invoke(args=["approval-policy", "set", "UNIT-B", str(path)])
    assert done.exit_code == 0 and "1 rule(s)" in done.output
    unit_b = json.loads(runner.invoke(args=["approval-policy", "show", "UNIT-B"]).output)
    assert unit_b["rules"][0]["steps"][0]["approver_ids"] == [ids["approver2"]]


def test_a_bad_policy_on_the_command_line_names_the_field_and_changes_nothing(app, tmp_path):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-demo", "--no-trips"])
    ids = _ids()
    bad = runner.invoke(args=["approval-policy", "set", "UNIT-B", "-"], input=json.dumps(
        {"rules": [{"steps": [{"title": "결재", "approver_ids": [ids["traveler1"]]}]}]}))
    assert bad.exit_code != 0 and "rules.0.steps.0.approver_ids" in bad.output
    assert runner.invoke(args=["approval-policy", "set", "UNIT-B", "-"], input="{").exit_code != 0
    assert runner.invoke(args=["approval-policy", "show", "NOPE"]).exit_code != 0
    unit_b = db.session.scalar(select(User).where(User.username == "approver2")).unit_id
    assert db.session.get(ApprovalPolicy, unit_b) is None


def test_the_demo_walks_검토_then_결재_and_대결_with_사후보고(app):
    app.test_cli_runner().invoke(args=["seed-demo", "--no-trips"])
    client = app.test_client()
    h = {name: login(client, name, "yeobi-demo") for name in
         ("traveler1", "reviewer1", "approver1", "deputy1")}
    long_trip = create_trip(client, h["traveler1"])  # 3 days
    steps = act(client, h["traveler1"], long_trip["id"], "apply").get_json()["approval_steps"]
    assert [s["title"] for s in steps] == ["검토", "결재"]
    assert act(client, h["reviewer1"], long_trip["id"], "approve").get_json()["status"] == "applied"
    assert act(client, h["approver1"], long_trip["id"], "approve").get_json()["status"] == "approved"

    day_trip = create_trip(client, h["traveler1"], end_at="2026-03-10T19:00:00+09:00")
    steps = act(client, h["traveler1"], day_trip["id"], "apply").get_json()["approval_steps"]
    assert [s["title"] for s in steps] == ["결재"]
    now = now_seoul()
    client.post("/api/v1/me/absences", headers=h["approver1"], json={
        "start_at": now.isoformat(), "end_at": (now + timedelta(days=1)).isoformat(),
        "substitute_id": _ids()["deputy1"], "reason": "교육"})
    done = act(client, h["deputy1"], day_trip["id"], "approve", comment="대결").get_json()
    assert done["status"] == "approved" and done["approval_steps"][0]["mark"] == "대결"
    assert client.post(f"/api/v1/trips/{day_trip['id']}/acknowledge",
                       headers=h["approver1"]).status_code == 200


def test_a_users_position_title_is_set_from_the_command_line(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-demo", "--no-trips"])
    done = runner.invoke(args=["approval-policy", "position", "traveler1", "과장"])
    assert done.exit_code == 0 and "traveler1: 과장" in done.output
    assert db.session.scalar(select(User).where(User.username == "traveler1")).position_title == "과장"
    assert runner.invoke(args=["approval-policy", "position", "nobody", "과장"]).exit_code != 0
