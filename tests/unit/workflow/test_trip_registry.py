"""The trip registry: every status and action once, and the machine's tables derived from it."""
from __future__ import annotations

import dataclasses

import pytest

from workflow import trip_registry as reg
from workflow.machine import ACTORS, COMMENT_REQUIRED, TRANSITIONS, allowed_actions
from workflow.states import TERMINAL, Action, Actor, TripStatus

S, A = TripStatus, Action

def test_every_status_and_action_has_exactly_one_entry():
    assert list(reg.STATUSES) == list(TripStatus)
    assert list(reg.ACTIONS) == list(Action)


def test_every_status_and_action_has_a_korean_label():
    for info in [*reg.STATUSES.values(), *reg.ACTIONS.values()]:
        assert info.label and any("\uac00" <= ch <= "\ud7a3" for ch in info.label), info.code
    assert all(any("\uac00" <= ch <= "\ud7a3" for ch in a.done_message) for a in reg.ACTIONS.values())


def test_applied_reads_as_the_agency_term():
    assert reg.STATUSES[S.APPLIED].label == "결재 대기"


def test_refusals_and_send_backs_need_a_comment_and_nothing_else_does():
    assert COMMENT_REQUIRED == {A.REJECT, A.RETURN, A.RETURN_SETTLEMENT}


def test_only_rejected_cancelled_and_paid_are_final():
    assert TERMINAL == {S.REJECTED, S.CANCELLED, S.PAID}


def test_decisions_belong_to_approvers_settling_to_the_traveler_and_paying_to_finance():
    for action in (A.APPROVE, A.REJECT, A.RETURN, A.ACCEPT_SETTLEMENT, A.RETURN_SETTLEMENT):
        assert ACTORS[action] == Actor.APPROVER
    assert ACTORS[A.APPLY] == ACTORS[A.SETTLE] == ACTORS[A.CANCEL] == Actor.OWNER
    assert ACTORS[A.PAY] == Actor.FINANCE


def test_each_move_of_an_action_is_one_transition_of_the_machine():
    for info in reg.ACTIONS.values():
        for before, after in info.moves:
            assert TRANSITIONS[(before, info.code)] == after
            assert info.code in allowed_actions(before)
    assert len(TRANSITIONS) == sum(len(i.moves) for i in reg.ACTIONS.values())


def test_no_action_leaves_a_terminal_status_and_every_other_status_has_a_way_on():
    for status in TripStatus:
        moving = [a for a in allowed_actions(status) if not reg.ACTIONS[a].keeps_status]
        assert bool(moving) == (status not in TERMINAL), status


def test_an_action_that_keeps_the_status_never_moves_the_trip():
    keeping = [i for i in reg.ACTIONS.values() if i.keeps_status]
    assert {i.code for i in keeping} == {A.APPROVE_STEP, A.ACCEPT_SETTLEMENT_STEP, A.ACKNOWLEDGE}
    assert all(before == after for i in keeping for before, after in i.moves)
    assert set(reg.ACTIONS[A.ACKNOWLEDGE].from_statuses) == set(TripStatus)  # a 대결 rejection too


def test_every_status_is_reached_by_some_action():
    reached = {after for info in reg.ACTIONS.values() for _, after in info.moves}
    assert reached == set(TripStatus)  # draft too: a return sends the application back


def test_the_paths_clients_already_call_are_all_still_generic_routes():
    assert {"apply", "approve", "reject", "return", "cancel", "accept-settlement",
            "return-settlement"} <= {a.path for a in reg.generic_routes()}


def test_a_client_path_resolves_to_its_action():
    assert reg.action_for_path("accept-settlement").code == A.ACCEPT_SETTLEMENT
    assert reg.action_for_path("settle").code == A.SETTLE
    assert reg.action_for_path("pay") is None


def test_the_check_refuses_an_action_without_a_path_pattern(monkeypatch):
    bad = dataclasses.replace(reg.ACTIONS[A.APPROVE], path="Approve_Now")
    monkeypatch.setattr(reg, "_ACTION_LIST", tuple(bad if i.code == A.APPROVE else i
                                                   for i in reg._ACTION_LIST))
    with pytest.raises(ValueError, match="path"):
        reg.check_registry()


def test_the_check_refuses_an_action_that_leaves_a_terminal_status(monkeypatch):
    bad = dataclasses.replace(reg.ACTIONS[A.PAY], moves=((S.PAID, S.PAID),))
    monkeypatch.setattr(reg, "_ACTION_LIST", tuple(bad if i.code == A.PAY else i
                                                   for i in reg._ACTION_LIST))
    with pytest.raises(ValueError, match="terminal"):
        reg.check_registry()


def test_the_check_refuses_a_generated_route_shared_by_two_actions(monkeypatch):
    bad = dataclasses.replace(reg.ACTIONS[A.RETURN_SETTLEMENT], path="return")
    monkeypatch.setattr(reg, "_ACTION_LIST", tuple(bad if i.code == A.RETURN_SETTLEMENT else i
                                                   for i in reg._ACTION_LIST))
    with pytest.raises(ValueError, match="one action"):
        reg.check_registry()
