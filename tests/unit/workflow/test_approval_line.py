"""The pure 결재선 rules: matching a trip to its line, and who may decide a step."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from workflow.approval_line import (DEFAULT_LINE, DECIDED_BEFORE, NOT_ON_STEP, OWN_TRIP,
                                    PolicyError, TripFacts, authority, deciders, dump_policy,
                                    estimated_cost, line_for, parse_policy, trip_days)

SEOUL = ZoneInfo("Asia/Seoul")
RULES = parse_policy([
    {"when": {"grade": 1}, "steps": [{"title": "결재", "approver_ids": [9]}]},
    {"when": {"min_days": 3, "min_cost": 500000, "region": ["seoul", "metro"]},
     "steps": [{"title": "검토", "approver_ids": [2]}, {"title": "결재", "approver_ids": [3]}]},
    {"when": {"position": "과장"}, "steps": [{"title": "결재", "approver_ids": [4]}]},
    {"steps": [{"title": "결재", "approver_ids": [3]}]},
])


def _facts(**kw) -> TripFacts:
    return TripFacts(**({"grade": 2, "position": "주무관", "days": 1, "cost": 0, "region": "other"} | kw))


def test_the_first_matching_rule_decides_the_line():
    assert [s.title for s in line_for(RULES, _facts(grade=1, days=5, cost=10**6))] == ["결재"]
    long_costly = line_for(RULES, _facts(days=3, cost=500000, region="metro"))
    assert [(s.title, s.approver_ids) for s in long_costly] == [("검토", (2,)), ("결재", (3,))]


def test_every_condition_of_a_rule_must_hold():
    assert line_for(RULES, _facts(days=3, cost=499999, region="metro"))[0].approver_ids == (3,)
    assert line_for(RULES, _facts(days=3, cost=500000, region="other"))[0].approver_ids == (3,)
    assert line_for(RULES, _facts(position="과장"))[0].approver_ids == (4,)


def test_no_policy_gives_one_결재_step_for_any_approver():
    assert line_for([], _facts()) == DEFAULT_LINE
    assert DEFAULT_LINE[0].title == "결재" and DEFAULT_LINE[0].approver_ids is None


def test_a_policy_round_trips_through_dump():
    assert parse_policy(dump_policy(RULES)) == RULES


@pytest.mark.parametrize("raw,path", [
    ([{"steps": []}], "rules.0.steps"),
    ([{"steps": [{"title": "", "approver_ids": [1]}]}], "rules.0.steps.0.title"),
    ([{"steps": [{"title": "결재", "approver_ids": [1, 1]}]}], "rules.0.steps.0.approver_ids"),
    ([{"when": {"max_cost": -1}, "steps": [{"title": "결재", "approver_ids": [1]}]}],
     "rules.0.when.max_cost"),
    ([{"when": {"grade": True}, "steps": [{"title": "결재", "approver_ids": [1]}]}],
     "rules.0.when.grade"),
    ("rules", "rules"),
])
def test_a_bad_policy_names_the_field(raw, path):
    with pytest.raises(PolicyError) as info:
        parse_policy(raw)
    assert path in info.value.errors


def test_trip_days_count_the_calendar_days_touched():
    day = lambda d, h: datetime(2026, 3, d, h, tzinfo=SEOUL)  # noqa: E731
    assert trip_days(day(10, 8), day(10, 18)) == 1
    assert trip_days(day(10, 8), day(12, 18)) == 3
    assert trip_days(day(10, 8), datetime(2026, 3, 11, 0, tzinfo=SEOUL)) == 1


def test_the_cost_estimate_is_allowances_a_day_and_the_cap_a_night():
    assert estimated_cost(days=3, daily=25000, meal=25000, lodging_cap=80000) == 310000


def test_an_approver_on_the_step_decides_it():
    assert authority(actor_id=3, traveler_id=1, step_approvers={3}, substitutes={},
                     decided=set()).ok


def test_nobody_decides_their_own_trip_or_twice_on_one_line():
    assert authority(actor_id=3, traveler_id=3, step_approvers={3}, substitutes={},
                     decided=set()).refusal == OWN_TRIP
    assert authority(actor_id=3, traveler_id=1, step_approvers={3}, substitutes={},
                     decided={3}).refusal == DECIDED_BEFORE


def test_a_substitute_decides_only_in_place_of_someone_away_now():
    assert authority(actor_id=5, traveler_id=1, step_approvers={3}, substitutes={},
                     decided=set()).refusal == NOT_ON_STEP
    verdict = authority(actor_id=5, traveler_id=1, step_approvers={3}, substitutes={3: 5},
                        decided=set())
    assert verdict.ok and verdict.on_behalf_of == 3
    assert authority(actor_id=5, traveler_id=5, step_approvers={3}, substitutes={3: 5},
                     decided=set()).refusal == OWN_TRIP
    assert not authority(actor_id=5, traveler_id=1, step_approvers={3}, substitutes={3: 5},
                         decided={3}).ok  # the absent approver's authority was used on this line


def test_deciders_lists_approvers_and_substitutes_of_the_step():
    assert deciders(traveler_id=1, step_approvers={3, 4}, substitutes={3: 5}, decided={4}) == [
        (3, None), (5, 3)]
    assert deciders(traveler_id=5, step_approvers={3}, substitutes={3: 5}, decided=set()) == [
        (3, None)]
