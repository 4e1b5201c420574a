"""What a caller may do next with a trip, for the API and the pages."""
from __future__ import annotations

from sqlalchemy.orm import object_session

from app.errors import Forbidden
from app.models import Trip, User, now_seoul
from app.services import approval_line, post_reports
from app.services.access import require_actor
from workflow.machine import ACTORS, allowed_actions
from workflow.states import Action, TripStatus

# Action -> the name clients use in URLs; settling for review is the same "settle" to a client.
ACTION_NAMES = {Action.APPLY: "apply", Action.APPROVE: "approve", Action.REJECT: "reject",
                Action.RETURN: "return", Action.CANCEL: "cancel", Action.SETTLE: "settle",
                Action.ACCEPT_SETTLEMENT: "accept-settlement",
                Action.RETURN_SETTLEMENT: "return-settlement"}


def actions_for(trip: Trip, actor: User) -> list[str]:
    """Client-facing action names `actor` may take on `trip` now."""
    names: list[str] = []
    for action in allowed_actions(TripStatus(trip.status)):
        name = ACTION_NAMES.get(action)
        if name is None or name in names:
            continue
        if name == "settle" and now_seoul() < trip.end_at:
            continue  # settlement follows the trip
        try:
            require_actor(actor, trip, ACTORS[action])
        except Forbidden:
            continue
        if action in approval_line.DECISIONS and not approval_line.can_decide(
                object_session(trip), trip, actor):
            continue  # the 결재선 waits for someone else
        names.append(name)
    return names


def with_allowed_actions(trip: Trip, actor: User) -> Trip:
    """Attach `allowed_actions` for serialisation (a plain attribute, not a column)."""
    trip.allowed_actions = actions_for(trip, actor)  # type: ignore[attr-defined]
    session = object_session(trip)
    for key, steps in approval_line.line_view(session, trip).items():
        setattr(trip, key, steps)
    if post_reports.post_reports(session=session, actor=actor, trip_id=trip.id):
        trip.allowed_actions.append("acknowledge")  # type: ignore[attr-defined]
    return trip
