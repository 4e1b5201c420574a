"""Builders for approval-line tests: a unit with a 검토 reviewer, a 결재 approver and a substitute."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from app.models import now_seoul
from tests.factories import login, make_unit, make_user
from tests.trip_helpers import act, create_trip


@dataclass
class LineOffice:
    """A unit whose trips of 3 days or more go 검토 -> 결재; users and their auth headers."""

    unit: object
    traveler: object
    reviewer: object
    approver: object
    substitute: object
    admin: object
    h: dict  # role name -> headers


def make_line_office(client, *, policy: bool = True) -> LineOffice:
    unit = make_unit()
    people = {
        "traveler": make_user(unit=unit),
        "reviewer": make_user(unit=unit, roles=("traveler", "approver"), approves=(unit.code,)),
        "approver": make_user(unit=unit, roles=("traveler", "approver"), approves=(unit.code,),
                              grade=1),
        "substitute": make_user(unit=unit, roles=("traveler", "approver"), approves=(unit.code,)),
        "admin": make_user(unit=unit, roles=("admin",)),
    }
    headers = {name: login(client, u.username) for name, u in people.items()}
    office = LineOffice(unit=unit, h=headers, **people)
    if policy:
        resp = put_policy(client, office, two_step_rules(office))
        assert resp.status_code == 200, resp.get_json()
    return office


def two_step_rules(office: LineOffice) -> list[dict]:
    """검토 then 결재 for trips of 3 days or more; 결재 alone otherwise."""
    return [{"when": {"min_days": 3}, "steps": [
                {"title": "검토", "approver_ids": [office.reviewer.id]},
                {"title": "결재", "approver_ids": [office.approver.id]}]},
            {"steps": [{"title": "결재", "approver_ids": [office.approver.id]}]}]


def put_policy(client, office: LineOffice, rules: list, headers: dict | None = None, **extra):
    return client.put(f"/api/v1/admin/units/{office.unit.id}/approval-policy",
                      json={"rules": rules, **extra}, headers=headers or office.h["admin"])


def applied_trip(client, office: LineOffice, *, days: int = 3, who: str = "traveler") -> dict:
    """A trip of `days` days applied by `who`."""
    end = f"2026-03-{9 + days:02d}T18:00:00+09:00"
    trip = create_trip(client, office.h[who], start_at="2026-03-10T08:00:00+09:00", end_at=end)
    resp = act(client, office.h[who], trip["id"], "apply")
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def register_absence(client, office: LineOffice, *, who: str = "approver",
                     substitute=None, hours: int = 48) -> dict:
    """An absence of `who` starting a minute ago, with the office's substitute by default."""
    now = now_seoul()
    resp = client.post("/api/v1/me/absences", headers=office.h[who], json={
        "start_at": (now - timedelta(minutes=1)).isoformat(),
        "end_at": (now + timedelta(hours=hours)).isoformat(),
        "substitute_id": (substitute or office.substitute).id, "reason": "연가"})
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def trip_view(client, office: LineOffice, trip_id: int, who: str = "traveler") -> dict:
    resp = client.get(f"/api/v1/trips/{trip_id}", headers=office.h[who])
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()
