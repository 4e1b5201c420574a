"""Trip statuses and the actions that move a trip between them (labels and moves: trip_registry)."""
from __future__ import annotations

from enum import StrEnum


class TripStatus(StrEnum):
    """Where a trip stands in apply -> approve -> settle -> pay."""

    DRAFT = "draft"
    APPLIED = "applied"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    SETTLEMENT_REVIEW = "settlement_review"
    SETTLED = "settled"
    PAID = "paid"


class Action(StrEnum):
    """Something a person (or the finance export) does to a trip."""

    APPLY = "apply"
    APPROVE = "approve"
    REJECT = "reject"
    RETURN = "return"
    CANCEL = "cancel"
    SETTLE = "settle"
    # Settling with flags that need a human sends the trip to review instead.
    SETTLE_FOR_REVIEW = "settle_for_review"
    ACCEPT_SETTLEMENT = "accept_settlement"
    RETURN_SETTLEMENT = "return_settlement"
    PAY = "pay"
    # The 결재선 (issue 15): a step approved before the last one (the trip stays where it is), and
    # the absent approver acknowledging a 대결 decision (사후보고).
    APPROVE_STEP = "approve_step"
    ACCEPT_SETTLEMENT_STEP = "accept_settlement_step"
    ACKNOWLEDGE = "acknowledge"


class Actor(StrEnum):
    """Who may take an action, relative to the trip."""

    OWNER = "owner"          # the traveler whose trip it is
    APPROVER = "approver"    # an approver of the traveler's unit, never the traveler
    FINANCE = "finance"      # a finance user or service account




def __getattr__(name: str):
    """TERMINAL is derived from the registry; imported lazily, as the registry imports these enums."""
    if name == "TERMINAL":
        from workflow.trip_registry import TERMINAL

        return TERMINAL
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
