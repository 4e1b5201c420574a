"""Admins manage each unit's approval policy (위임전결 rules for applications and settlements)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, ValidationFailed
from app.models import ApprovalPolicy, Unit, User, now_seoul
from app.services.approval_line import unit_approver_ids
from workflow import approval_line as rules


def _unit(session: Session, unit: int | str) -> Unit:
    found = session.get(Unit, unit) if isinstance(unit, int) else session.scalar(
        select(Unit).where(Unit.code == unit))
    if found is None:
        raise NotFound(f"Unit {unit} not found.")
    return found


def get_policy(*, session: Session, unit: int | str) -> dict:
    """The unit's policy; a unit without one shows empty rules (the default one-step line)."""
    found = _unit(session, unit)
    row = session.get(ApprovalPolicy, found.id)
    return {"unit_id": found.id, "unit_code": found.code,
            "rules": row.rules if row else [], "settlement_rules": row.settlement_rules if row else [],
            "updated_at": row.updated_at if row else None,
            "updated_by_id": row.updated_by_id if row else None}


def _check(raw, key: str, approvers: set[int], errors: dict) -> list:
    try:
        parsed = rules.parse_policy(raw)
    except rules.PolicyError as exc:
        errors.update({f"{key}{path[5:]}": msgs for path, msgs in exc.errors.items()})
        return []
    if parsed and parsed[-1].when:
        errors[f"{key}.{len(parsed) - 1}.when"] = [
            "The last rule has no conditions, so that every trip gets a line."]
    for i, rule in enumerate(parsed):
        for j, step in enumerate(rule.steps):
            strangers = sorted(set(step.approver_ids or ()) - approvers)
            if strangers:
                errors[f"{key}.{i}.steps.{j}.approver_ids"] = [
                    f"Not an approver of this unit: {', '.join(map(str, strangers))}."]
    return rules.dump_policy(parsed)


def set_policy(*, session: Session, actor: User | None, unit: int | str, data: dict) -> dict:
    """Replace the unit's rules (and settlement rules); trips already applied keep their line."""
    found = _unit(session, unit)
    approvers = unit_approver_ids(session, found.id)
    errors: dict[str, list[str]] = {}
    trip_rules = _check(data.get("rules"), "rules", approvers, errors)
    settlement = _check(data.get("settlement_rules", []), "settlement_rules", approvers, errors)
    if errors:
        raise ValidationFailed(errors=errors)
    row = session.get(ApprovalPolicy, found.id) or ApprovalPolicy(unit_id=found.id)
    row.rules, row.settlement_rules = trip_rules, settlement
    row.updated_at, row.updated_by_id = now_seoul(), actor.id if actor else None
    session.add(row)
    session.commit()
    return get_policy(session=session, unit=found.id)


DEMO_UNIT = "UNIT-A"
DEMO_TITLES = {"approver1": "과장", "reviewer1": "주무관", "deputy1": "서기관"}


def seed_demo_policy(*, session: Session) -> list[str]:
    """UNIT-A's demo policy: trips of 3 days or more go 검토 (reviewer1) -> 결재 (approver1), others
    to 결재 directly; kept if UNIT-A has a policy already. Returns lines to print."""
    unit = session.scalar(select(Unit).where(Unit.code == DEMO_UNIT))
    users = {u.username: u for u in session.scalars(select(User).where(
        User.username.in_(list(DEMO_TITLES))))}
    if unit is None or len(users) < len(DEMO_TITLES):
        return ["demo approval policy skipped: demo users missing"]
    for username, title in DEMO_TITLES.items():
        users[username].position_title = users[username].position_title or title
    session.commit()
    if session.get(ApprovalPolicy, unit.id) is not None:
        return [f"approval policy of {DEMO_UNIT} exists already"]
    reviewer, approver = users["reviewer1"].id, users["approver1"].id
    set_policy(session=session, actor=None, unit=unit.id, data={"rules": [
        {"when": {"min_days": 3}, "steps": [{"title": "검토", "approver_ids": [reviewer]},
                                             {"title": "결재", "approver_ids": [approver]}]},
        {"steps": [{"title": "결재", "approver_ids": [approver]}]}]})
    return [f"approval policy of {DEMO_UNIT}: 3 days or more 검토 (reviewer1) -> 결재 (approver1); "
            "otherwise 결재 (approver1); deputy1 can substitute for an absent approver (대결)"]


def set_position_title(*, session: Session, username: str, title: str | None) -> User:
    """Set (or clear, with None) a user's 직위, which policies' `position` conditions match."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"User {username} not found.")
    title = (title or "").strip() or None
    if title is not None and len(title) > 40:
        raise ValidationFailed(errors={"title": ["At most 40 characters."]})
    user.position_title = title
    session.commit()
    return user
