"""The trip state machine as a table; an illegal move raises InvalidTransition."""
from __future__ import annotations

from workflow.states import Action, TripStatus
from workflow.trip_registry import ACTORS, COMMENT_REQUIRED, TERMINAL, TRANSITIONS

# The tables are generated from the registry (workflow/trip_registry.py); nothing here lists an action.
__all__ = ["ACTORS", "COMMENT_REQUIRED", "TERMINAL", "TRANSITIONS", "CommentRequired", "InvalidTransition",
           "allowed_actions", "next_status"]


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
