"""Trip statuses and the actions that move a trip between them."""
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


class Actor(StrEnum):
    """Who may take an action, relative to the trip."""

    OWNER = "owner"          # the traveller whose trip it is
    APPROVER = "approver"    # an approver of the traveller's unit, never the traveller
    FINANCE = "finance"      # a finance user or service account


TERMINAL = frozenset({TripStatus.REJECTED, TripStatus.CANCELLED, TripStatus.PAID})
