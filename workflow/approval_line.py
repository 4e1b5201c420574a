"""결재선 by the agency's 위임전결 rules (행정업무 규정 제10조), as data: match a trip, get its steps.

A policy is an ordered list of rules; the first rule whose `when` matches the trip decides the line.
Every `when` key is optional and a rule without any matches every trip. With no policy (or no rule
matching) the line is today's: one 결재 step that any approver of the unit may decide.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from workflow.states import Action, TripStatus
from workflow.trip_registry import ACTIONS, STATUSES

REGIONS = ("seoul", "metro", "other")
INT_KEYS = ("min_days", "max_days", "min_cost", "max_cost")
WHEN_KEYS = INT_KEYS + ("grade", "position", "region")
MAX_RULES, MAX_STEPS, MAX_APPROVERS, MAX_TITLE = 50, 10, 50, 40
MAX_COST = 10**12
DEFAULT_TITLE = "결재"

# Where a step stands; the words of decided steps are the registry's, so they read the same as the
# trip's own status and actions everywhere.
STEP_STATUSES = {
    "waiting": "앞 단계 대기",
    "pending": STATUSES[TripStatus.APPLIED].label,
    "approved": STATUSES[TripStatus.APPROVED].label,
    "returned": ACTIONS[Action.RETURN].label,
    "rejected": STATUSES[TripStatus.REJECTED].label,
}
# The marks a decision carries (행정업무 규정 제10조: 대결, reported afterwards as 사후보고).
MARKS = {"daegyeol": "대결", "post_report": "사후보고"}


class PolicyError(ValueError):
    """A policy document that cannot be used; `errors` maps a path (rules.0.when.grade) to why."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Step:
    """One step of a line: its title and who may decide it (None: any approver of the unit)."""

    title: str
    approver_ids: tuple[int, ...] | None


@dataclass(frozen=True)
class Rule:
    """A row of the 위임전결 table: the conditions and the line they lead to."""

    when: dict
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class TripFacts:
    """What a rule can look at: the traveler's grade and position, the days, the cost, the region."""

    grade: int
    position: str | None
    days: int
    cost: int
    region: str


DEFAULT_LINE = (Step(DEFAULT_TITLE, None),)


def trip_days(start_at: datetime, end_at: datetime) -> int:
    """Calendar days the trip touches in its own time zone (a day trip is 1, 3/10-3/12 is 3)."""
    last = end_at - timedelta(microseconds=1) if end_at.time() == datetime.min.time() else end_at
    return max(1, (last.date() - start_at.date()).days + 1)


def estimated_cost(*, days: int, daily: int, meal: int, lodging_cap: int) -> int:
    """A flat estimate when the traveler gives none: 일비 and 식비 a day, the lodging cap a night."""
    return days * (daily + meal) + (days - 1) * lodging_cap


def _matches(when: dict, facts: TripFacts) -> bool:
    checks = (
        ("min_days", lambda v: facts.days >= v), ("max_days", lambda v: facts.days <= v),
        ("min_cost", lambda v: facts.cost >= v), ("max_cost", lambda v: facts.cost <= v),
        ("grade", lambda v: facts.grade == v),
        ("position", lambda v: facts.position in v),
        ("region", lambda v: facts.region in v),
    )
    return all(check(when[key]) for key, check in checks if key in when)


def line_for(rules: list[Rule] | tuple[Rule, ...], facts: TripFacts) -> tuple[Step, ...]:
    """The steps of the first rule matching `facts`; the default one-step line if none does."""
    for rule in rules:
        if _matches(rule.when, facts):
            return rule.steps
    return DEFAULT_LINE


def _int(value, low: int, high: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return None
    return value


def _names(value, allowed: tuple[str, ...] | None = None) -> tuple[str, ...] | None:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or len(items) > 20:
        return None
    if not all(isinstance(v, str) and 0 < len(v.strip()) <= MAX_TITLE for v in items):
        return None
    if allowed and any(v not in allowed for v in items):
        return None
    return tuple(v.strip() for v in items)


def _parse_when(raw, path: str, errors: dict) -> dict:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        errors[path] = ["An object of conditions, e.g. {\"min_days\": 3}."]
        return {}
    when: dict = {}
    for key, value in raw.items():
        where = f"{path}.{key}"
        if key not in WHEN_KEYS:
            errors[where] = [f"Unknown condition; use {', '.join(WHEN_KEYS)}."]
        elif key in INT_KEYS:
            when[key] = _int(value, 0 if "cost" in key else 1, MAX_COST if "cost" in key else 366)
            if when[key] is None:
                errors[where] = ["A whole number (days 1-366, cost in KRW from 0)."]
        elif key == "grade":
            when[key] = _int(value, 1, 2)
            if when[key] is None:
                errors[where] = ["1 (제1호) or 2 (제2호)."]
        else:
            when[key] = _names(value, REGIONS if key == "region" else None)
            if when[key] is None:
                hint = f"one of {', '.join(REGIONS)}" if key == "region" else "a position title"
                errors[where] = [f"A text or a list of texts: {hint}."]
    return when


def _parse_steps(raw, path: str, errors: dict) -> tuple[Step, ...]:
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_STEPS:
        errors[path] = [f"A list of 1 to {MAX_STEPS} steps."]
        return ()
    steps = []
    for i, item in enumerate(raw):
        where = f"{path}.{i}"
        if not isinstance(item, dict) or set(item) - {"title", "approver_ids"}:
            errors[where] = ["An object with title and approver_ids."]
            continue
        title = item.get("title")
        ids = item.get("approver_ids")
        if not isinstance(title, str) or not 0 < len(title.strip()) <= MAX_TITLE:
            errors[f"{where}.title"] = [f"A title of 1 to {MAX_TITLE} characters, e.g. 검토, 결재."]
        if (not isinstance(ids, list) or not 1 <= len(ids) <= MAX_APPROVERS
                or any(_int(v, 1, 2**31 - 1) is None for v in ids) or len(set(ids)) != len(ids)):
            errors[f"{where}.approver_ids"] = [f"1 to {MAX_APPROVERS} distinct user ids."]
            continue
        if isinstance(title, str):
            steps.append(Step(title.strip(), tuple(ids)))
    return tuple(steps)


def parse_policy(raw) -> list[Rule]:
    """Check a policy's rules (a list of {when, steps}); PolicyError names every bad field."""
    errors: dict[str, list[str]] = {}
    if not isinstance(raw, list) or len(raw) > MAX_RULES:
        raise PolicyError({"rules": [f"A list of at most {MAX_RULES} rules."]})
    rules = []
    for i, item in enumerate(raw):
        path = f"rules.{i}"
        if not isinstance(item, dict) or set(item) - {"when", "steps"}:
            errors[path] = ["An object with when (optional) and steps."]
            continue
        when = _parse_when(item.get("when"), f"{path}.when", errors)
        steps = _parse_steps(item.get("steps"), f"{path}.steps", errors)
        rules.append(Rule(when=when, steps=steps))
    if errors:
        raise PolicyError(errors)
    return rules


def dump_policy(rules: list[Rule]) -> list[dict]:
    """The rules back as JSON-ready data (lists for the tuple conditions)."""
    return [{"when": {k: list(v) if isinstance(v, tuple) else v for k, v in r.when.items()},
             "steps": [{"title": s.title, "approver_ids": list(s.approver_ids or ())}
                       for s in r.steps]} for r in rules]


def approver_ids(rules: list[Rule]) -> set[int]:
    """Every user a policy names (to check that each may approve in the unit)."""
    return {i for r in rules for s in r.steps for i in (s.approver_ids or ())}


# Why someone may not decide the step waiting now (the service turns these into 403 messages).
OWN_TRIP, DECIDED_BEFORE, NOT_ON_STEP = "own_trip", "decided_before", "not_on_step"


@dataclass(frozen=True)
class Authority:
    """The answer to "may this person decide this step now": ok, in whose place, or why not."""

    ok: bool
    on_behalf_of: int | None = None
    refusal: str = ""


def authority(*, actor_id: int, traveler_id: int, step_approvers: frozenset[int] | set[int],
              substitutes: dict[int, int], decided: set[int]) -> Authority:
    """Whether `actor_id` may decide a step that `step_approvers` hold (행정업무 규정 제10조).

    `substitutes` maps an approver who is away now to their designated substitute (대결); `decided`
    holds everyone whose authority was already used on this line (as decider or as the absent
    one), since nobody decides twice on one trip. An approver with no absence cannot be bypassed.
    """
    if actor_id == traveler_id:
        return Authority(False, refusal=OWN_TRIP)
    if actor_id in decided:
        return Authority(False, refusal=DECIDED_BEFORE)
    if actor_id in step_approvers:
        return Authority(True)
    for absent in sorted(step_approvers):
        if substitutes.get(absent) == actor_id and absent not in decided and absent != traveler_id:
            return Authority(True, on_behalf_of=absent)
    return Authority(False, refusal=NOT_ON_STEP)


def deciders(*, traveler_id: int, step_approvers: frozenset[int] | set[int],
             substitutes: dict[int, int], decided: set[int]) -> list[tuple[int, int | None]]:
    """Everyone who may decide the step now, as (user id, on behalf of whom or None), by id."""
    found: dict[int, int | None] = {}
    for user_id in sorted(step_approvers):
        if user_id in substitutes:
            candidate = substitutes[user_id]
            verdict = authority(actor_id=candidate, traveler_id=traveler_id,
                                step_approvers=step_approvers, substitutes=substitutes,
                                decided=decided)
            if verdict.ok:
                found.setdefault(candidate, verdict.on_behalf_of)
        if authority(actor_id=user_id, traveler_id=traveler_id, step_approvers=step_approvers,
                     substitutes=substitutes, decided=decided).ok:
            found[user_id] = None
    return sorted(found.items())
