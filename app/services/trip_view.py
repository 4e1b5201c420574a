"""What a caller may do next with a trip, for the API and the pages."""
from __future__ import annotations

from sqlalchemy.orm import object_session

from app.errors import Forbidden
from app.models import Trip, User, now_seoul
from app.services import approval_line, approval_view, post_reports
from app.services.access import require_actor
from workflow.machine import allowed_actions
from workflow.states import Action, TripStatus
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
        if action == Action.ACKNOWLEDGE:  # only for whom a 대결 decision waits to be read
            if post_reports.post_reports(session=object_session(trip), actor=actor,
                                         trip_id=trip.id, limit=1):
                names.append(info.path)
            continue
        try:
            require_actor(actor, trip, info.actor)
        except Forbidden:
            continue
        if action in approval_line.DECISIONS and not approval_line.can_decide(
                object_session(trip), trip, actor):
            continue  # the 결재선 waits for someone else
        names.append(info.path)
    return names


def with_allowed_actions(trip: Trip, actor: User) -> Trip:
    """Attach `allowed_actions` for serialisation (a plain attribute, not a column)."""
    trip.allowed_actions = actions_for(trip, actor)  # type: ignore[attr-defined]
    for key, steps in approval_view.line_view(object_session(trip), trip).items():
        setattr(trip, key, steps)  # approval_steps, settlement_steps (issue 15)
    return trip
