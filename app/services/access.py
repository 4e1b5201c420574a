"""Who may see and change what. A trip someone may not see does not exist for them (404)."""
from __future__ import annotations

from sqlalchemy import Select, false, or_, select
from sqlalchemy.orm import Session

from app.errors import Forbidden, NotFound
from app.models import Role, Trip, User
from workflow.states import Actor, TripStatus

# Finance works with what has been settled; earlier stages are not its business.
FINANCE_VISIBLE = (TripStatus.SETTLED, TripStatus.PAID)


def visible_trips(actor: User, stmt: Select | None = None) -> Select:
    """Restrict a Trip query to the trips `actor` may see."""
    stmt = stmt if stmt is not None else select(Trip)
    if actor.has_role(Role.ADMIN):
        return stmt
    clauses = [Trip.traveler_id == actor.id]
    units = actor.approved_unit_ids
    if units:
        clauses.append(Trip.unit_id.in_(units))
    if actor.has_role(Role.FINANCE):
        clauses.append(Trip.status.in_([s.value for s in FINANCE_VISIBLE]))
    return stmt.where(or_(*clauses) if clauses else false())


def can_view(actor: User, trip: Trip) -> bool:
    """True when `actor` may read `trip` and everything attached to it."""
    return (
        actor.has_role(Role.ADMIN)
        or trip.traveler_id == actor.id
        or trip.unit_id in actor.approved_unit_ids
        or (actor.has_role(Role.FINANCE) and trip.status in FINANCE_VISIBLE)
    )


def load_trip(session: Session, trip_id: int, actor: User, *, for_update: bool = False) -> Trip:
    """The trip if `actor` may see it, else NotFound (never reveal that it exists)."""
    stmt = select(Trip).where(Trip.id == trip_id)
    if for_update and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(of=Trip)  # the joined traveler is not locked (outer join)
    trip = session.scalar(stmt)
    if trip is None or not can_view(actor, trip):
        raise NotFound(f"Trip {trip_id} not found.")
    return trip


def require_actor(actor: User, trip: Trip, kind: Actor) -> None:
    """Raise Forbidden unless `actor` may act on `trip` as `kind` (owner, approver, finance)."""
    if kind == Actor.OWNER:
        if trip.traveler_id != actor.id:
            raise Forbidden("Only the traveler can do this on their own trip.")
    elif kind == Actor.APPROVER:
        if trip.unit_id not in actor.approved_unit_ids:
            raise Forbidden("Only an approver of the traveler's unit can do this.")
        if trip.traveler_id == actor.id:
            raise Forbidden("An approver never approves their own trip.")
    elif kind == Actor.FINANCE:
        if not actor.has_role(Role.FINANCE):
            raise Forbidden("Only finance can do this.")
