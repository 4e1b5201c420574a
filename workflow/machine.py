"""The trip state machine as a table; an illegal move raises InvalidTransition."""
from __future__ import annotations

from workflow.states import Action, Actor, TripStatus

S, A = TripStatus, Action

TRANSITIONS: dict[tuple[TripStatus, Action], TripStatus] = {
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
}

# Who may take each action.
ACTORS: dict[Action, Actor] = {
    A.APPLY: Actor.OWNER,
    A.CANCEL: Actor.OWNER,
    A.SETTLE: Actor.OWNER,
    A.SETTLE_FOR_REVIEW: Actor.OWNER,
    A.APPROVE: Actor.APPROVER,
    A.REJECT: Actor.APPROVER,
    A.RETURN: Actor.APPROVER,
    A.ACCEPT_SETTLEMENT: Actor.APPROVER,
    A.RETURN_SETTLEMENT: Actor.APPROVER,
    A.PAY: Actor.FINANCE,
}

# A refusal or a send-back must say why.
COMMENT_REQUIRED = frozenset({A.REJECT, A.RETURN, A.RETURN_SETTLEMENT})


class InvalidTransition(Exception):
    """The action is not allowed from the trip's current status."""

    def __init__(self, status: TripStatus, action: Action) -> None:
        super().__init__(f"'{action.value}' is not allowed while the trip is '{status.value}'")
        self.status = status
        self.action = action


class CommentRequired(ValueError):
    """The action needs a comment and none was given."""

    def __init__(self, action: Action) -> None:
        super().__init__(f"'{action.value}' requires a comment")
        self.action = action


def next_status(status: TripStatus, action: Action, comment: str = "") -> TripStatus:
    """Return the status after `action`, or raise InvalidTransition / CommentRequired."""
    try:
        target = TRANSITIONS[(TripStatus(status), Action(action))]
    except (KeyError, ValueError):
        raise InvalidTransition(TripStatus(status), Action(action)) from None
    if action in COMMENT_REQUIRED and not (comment or "").strip():
        raise CommentRequired(Action(action))
    return target


def allowed_actions(status: TripStatus) -> list[Action]:
    """Actions that the table allows from `status` (ignoring who acts)."""
    return [a for (s, a) in TRANSITIONS if s == status]
