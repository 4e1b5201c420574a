"""What a caller may do next with a trip, for the API and the pages."""
from __future__ import annotations

from app.errors import Forbidden
from app.models import Trip, User, now_seoul
from app.services.access import require_actor
from workflow.machine import allowed_actions
from workflow.states import TripStatus
from workflow.trip_registry import ACTIONS, NO_ROUTE, SETTLEMENT


def actions_for(trip: Trip, actor: User) -> list[str]:
    """Client-facing action names (registry paths) `actor` may take on `trip` now.

    Every action has a registry entry (checked at import); one without a client route (pay, taken
    through the finance export) is left out because the registry says so, not for a missing name.
    """
    names: list[str] = []
    for action in allowed_actions(TripStatus(trip.status)):
        info = ACTIONS[action]
        if info.route == NO_ROUTE or info.path in names:
            continue
        if info.route == SETTLEMENT and now_seoul() < trip.end_at:
            continue  # settlement follows the trip
        try:
            require_actor(actor, trip, info.actor)
        except Forbidden:
            continue
        names.append(info.path)
    return names


def with_allowed_actions(trip: Trip, actor: User) -> Trip:
    """Attach `allowed_actions` for serialisation (a plain attribute, not a column)."""
    trip.allowed_actions = actions_for(trip, actor)  # type: ignore[attr-defined]
    return trip
