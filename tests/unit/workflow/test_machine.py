"""The trip state machine, checked pair by pair and by random walks."""
from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from workflow.machine import (
    COMMENT_REQUIRED,
    TRANSITIONS,
    CommentRequired,
    InvalidTransition,
    allowed_actions,
    next_status,
)
from workflow.states import TERMINAL, Action, TripStatus

S, A = TripStatus, Action

# Written out by hand from the process (apply -> approve -> settle -> pay), not copied from TRANSITIONS,
# so that a change to the table has to be made here too.
EXPECTED_ALLOWED = {
    (S.DRAFT, A.APPLY): S.APPLIED,
    (S.DRAFT, A.CANCEL): S.CANCELLED,
    (S.APPLIED, A.APPROVE): S.APPROVED,
    (S.APPLIED, A.REJECT): S.REJECTED,
    (S.APPLIED, A.RETURN): S.DRAFT,
    (S.APPLIED, A.CANCEL): S.CANCELLED,
    (S.APPROVED, A.CANCEL): S.CANCELLED,
    (S.APPROVED, A.SETTLE): S.SETTLED,
    (S.APPROVED, A.SETTLE_FOR_REVIEW): S.SETTLEMENT_REVIEW,
    (S.SETTLEMENT_REVIEW, A.ACCEPT_SETTLEMENT): S.SETTLED,
    (S.SETTLEMENT_REVIEW, A.RETURN_SETTLEMENT): S.APPROVED,
    (S.SETTLED, A.PAY): S.PAID,
    # Issue 15, the 결재선: a step approved before the last keeps the trip where it is, and the
    # 사후보고 of a 대결 decision is acknowledged in whatever status the trip is now.
    (S.APPLIED, A.APPROVE_STEP): S.APPLIED,
    (S.SETTLEMENT_REVIEW, A.ACCEPT_SETTLEMENT_STEP): S.SETTLEMENT_REVIEW,
    **{(status, A.ACKNOWLEDGE): status for status in TripStatus},
}
# Actions that only add to the trail; the one kind a terminal status allows.
KEEPING = {A.APPROVE_STEP, A.ACCEPT_SETTLEMENT_STEP, A.ACKNOWLEDGE}
ALL_PAIRS = list(itertools.product(TripStatus, Action))
FORBIDDEN = [pair for pair in ALL_PAIRS if pair not in EXPECTED_ALLOWED]
ANY_COMMENT = "사유: 일정 변경"


def test_the_table_is_exactly_the_expected_one():
    assert TRANSITIONS == EXPECTED_ALLOWED


def test_every_pair_is_either_allowed_or_forbidden():
    assert len(EXPECTED_ALLOWED) + len(FORBIDDEN) == len(TripStatus) * len(Action)


@pytest.mark.parametrize(("status", "action"), list(EXPECTED_ALLOWED), ids=lambda v: str(v))
def test_allowed_pair_moves_to_its_target(status, action):
    assert next_status(status, action, comment=ANY_COMMENT) == EXPECTED_ALLOWED[(status, action)]


@pytest.mark.parametrize(("status", "action"), FORBIDDEN, ids=lambda v: str(v))
def test_forbidden_pair_raises_invalid_transition(status, action):
    with pytest.raises(InvalidTransition) as info:
        next_status(status, action, comment=ANY_COMMENT)
    assert info.value.status == status
    assert info.value.action == action


@pytest.mark.parametrize(("status", "action"), FORBIDDEN, ids=lambda v: str(v))
def test_forbidden_pair_raises_invalid_transition_even_without_comment(status, action):
    with pytest.raises(InvalidTransition):
        next_status(status, action)


@pytest.mark.parametrize("status", list(TripStatus), ids=str)
def test_allowed_actions_lists_the_table_rows_of_a_status(status):
    expected = {a for (s, a) in EXPECTED_ALLOWED if s == status}
    assert set(allowed_actions(status)) == expected


@pytest.mark.parametrize("status", sorted(TERMINAL), ids=str)
def test_terminal_status_allows_no_action_but_acknowledging_a_사후보고(status):
    assert allowed_actions(status) == [A.ACKNOWLEDGE]


def test_comment_required_actions_are_the_refusals_and_send_backs():
    assert COMMENT_REQUIRED == {A.REJECT, A.RETURN, A.RETURN_SETTLEMENT}


COMMENT_PAIRS = [pair for pair in EXPECTED_ALLOWED if pair[1] in COMMENT_REQUIRED]
NO_COMMENT_PAIRS = [pair for pair in EXPECTED_ALLOWED if pair[1] not in COMMENT_REQUIRED]


@pytest.mark.parametrize(("status", "action"), COMMENT_PAIRS, ids=lambda v: str(v))
@pytest.mark.parametrize("comment", ["", "   ", "\n\t"])
def test_refusal_without_comment_raises_comment_required(status, action, comment):
    with pytest.raises(CommentRequired) as info:
        next_status(status, action, comment=comment)
    assert info.value.action == action


@pytest.mark.parametrize(("status", "action"), COMMENT_PAIRS, ids=lambda v: str(v))
def test_refusal_with_none_comment_raises_comment_required(status, action):
    with pytest.raises(CommentRequired):
        next_status(status, action, comment=None)


@pytest.mark.parametrize(("status", "action"), NO_COMMENT_PAIRS, ids=lambda v: str(v))
def test_other_actions_need_no_comment(status, action):
    assert next_status(status, action) == EXPECTED_ALLOWED[(status, action)]


def test_plain_strings_are_accepted_for_status_and_action():
    assert next_status("applied", "approve") == S.APPROVED


def test_unknown_action_string_raises_value_error():
    with pytest.raises(ValueError):
        next_status("applied", "teleport")


class TripWalk(RuleBasedStateMachine):
    """Random walks over the pure machine: approvals gate settlement, terminal states are final."""

    def __init__(self) -> None:
        super().__init__()
        self.status = S.DRAFT
        self.approved_since_apply = False
        self.ever_paid = False

    @rule(action=st.sampled_from(list(Action)), comment=st.sampled_from(["", " ", ANY_COMMENT]))
    def act(self, action, comment):
        before = self.status
        try:
            after = next_status(before, action, comment=comment)
        except InvalidTransition:
            assert (before, action) not in EXPECTED_ALLOWED
            return
        except CommentRequired:
            assert action in COMMENT_REQUIRED and not comment.strip()
            return
        assert before not in TERMINAL or (action in KEEPING and after == before), \
            f"terminal {before} accepted {action}"
        if action == A.APPLY:
            self.approved_since_apply = False
        if action == A.APPROVE:
            self.approved_since_apply = True
        self.status = after
        self.ever_paid = self.ever_paid or after == S.PAID

    @rule()
    def terminal_states_accept_nothing(self):
        if self.status in TERMINAL:
            for action in set(Action) - KEEPING:
                with pytest.raises(InvalidTransition):
                    next_status(self.status, action, comment=ANY_COMMENT)

    @invariant()
    def settlement_and_payment_need_an_approval(self):
        if self.status in {S.SETTLEMENT_REVIEW, S.SETTLED, S.PAID}:
            assert self.approved_since_apply

    @invariant()
    def paid_is_final(self):
        if self.ever_paid:
            assert self.status == S.PAID


TripWalk.TestCase.settings = settings(
    max_examples=300, stateful_step_count=30, database=None, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_trip_walk = TripWalk.TestCase
