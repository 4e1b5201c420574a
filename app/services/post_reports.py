"""사후보고: each 대결 decision is reported to the absent approver, who acknowledges it on return."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import Conflict, NotFound
from app.models import ApprovalStep, Trip, User
from app.services.trips import record_transition
from app.settings import Settings
from workflow.states import Action


def post_reports(*, session: Session, actor: User, include_acknowledged: bool = False,
                 trip_id: int | None = None, limit: int = 200) -> list[ApprovalStep]:
    """Steps decided in `actor`'s place (대결), unacknowledged ones first, latest first."""
    stmt = select(ApprovalStep).where(ApprovalStep.on_behalf_of_id == actor.id)
    if trip_id is not None:
        stmt = stmt.where(ApprovalStep.trip_id == trip_id)
    if not include_acknowledged:
        stmt = stmt.where(ApprovalStep.acknowledged_at.is_(None))
    stmt = stmt.order_by(ApprovalStep.acknowledged_at.is_not(None), ApprovalStep.decided_at.desc(),
                         ApprovalStep.id.desc()).limit(limit)
    return list(session.scalars(stmt))


def acknowledge(*, session: Session, actor: User, trip_id: int, settings: Settings,
                request_id: str = "") -> list[ApprovalStep]:
    """Acknowledge every 대결 decision made in `actor`'s place on one trip, with an audit row each."""
    try:
        items = post_reports(session=session, actor=actor, include_acknowledged=True,
                             trip_id=trip_id)
        trip = session.get(Trip, trip_id)
        if trip is None or not items:
            raise NotFound(f"Trip {trip_id} not found.")  # nothing of this trip was ever yours
        waiting = [s for s in items if s.acknowledged_at is None]
        if not waiting:
            raise Conflict("Every 대결 decision on this trip is acknowledged already.",
                           current_status=trip.status)
        for step in sorted(waiting, key=lambda s: (s.phase, s.round, s.order)):
            row = record_transition(session=session, trip=trip, action=Action.ACKNOWLEDGE,
                                    actor=actor, settings=settings, request_id=request_id,
                                    comment=f"{step.title} 단계 대결 처리 확인", step=step.order)
            step.acknowledged_at = row.at
        session.commit()
    except Exception:
        session.rollback()
        raise
    return waiting
