"""Trip use cases: create, edit a draft, list, and every workflow action with its audit row."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from app.errors import Conflict, StaleState, ValidationFailed
from app.models import (AccessAction, AccessResource, Receipt, Statement, Trip, TripEvent,
                        TripImpact, User, now_seoul, seoul_midnight)
from app.services import approval_line
from app.services.access import load_trip, require_actor, visible_trips
from app.services.access_log import Origin, record_read
from app.services.audit_keys import AuditKeys
from app.settings import Settings
from app.services.notify import note_events
from workflow import regions, transport
from workflow.events import GENESIS_HASH, TripEvent as TripEventRecord
from workflow.impact import ImpactParams, trip_savings
from workflow.machine import ACTORS, next_status
from workflow.states import Action, TripStatus

TRANSPORTS = transport.TRANSPORTS
REGION_CLASSES = tuple(regions.CLASS_LABELS)  # seoul, metro, other
EDITABLE = ("purpose", "origin", "destination", "start_at", "end_at", "transport",
            "within_duty_area", "region_class", "region_override_reason", "estimated_cost")
# Status timestamps kept on the trip for lists and figures.
STAMPS = {TripStatus.APPLIED: "applied_at", TripStatus.APPROVED: "approved_at",
          TripStatus.SETTLED: "settled_at", TripStatus.PAID: "paid_at"}


def _validate(data: dict) -> None:
    errors: dict[str, list[str]] = {}
    start, end = data.get("start_at"), data.get("end_at")
    for name in ("start_at", "end_at"):
        value = data.get(name)
        if value is not None and value.tzinfo is None:
            errors[name] = ["Give a time with its UTC offset, e.g. 2026-03-10T07:30+09:00."]
    if start and end and not errors and end <= start:
        errors["end_at"] = ["The trip must end after it starts."]
    if start and end and not errors and (end - start) > timedelta(days=366):
        errors["end_at"] = ["A trip lasts at most a year."]
    if data.get("transport") is not None and data["transport"] not in TRANSPORTS:
        errors["transport"] = [f"One of {', '.join(TRANSPORTS)}."]
    if data.get("region_class") is not None and data["region_class"] not in REGION_CLASSES:
        errors["region_class"] = [f"One of {', '.join(REGION_CLASSES)}."]
    if errors:
        raise ValidationFailed(errors=errors)


def _apply_region(trip: Trip, data: dict) -> None:
    """Derive the lodging region from the destination unless overridden with a reason."""
    override = data.get("region_class")
    derived = regions.region_class(trip.destination)
    if override and override != derived:
        reason = (data.get("region_override_reason") or "").strip()
        if not reason:
            raise ValidationFailed(errors={"region_override_reason": [
                "Overriding the region derived from the destination needs a reason."]})
        trip.region_class, trip.region_override_reason = override, reason
    elif override is None and "destination" not in data and trip.region_override_reason:
        return  # an earlier override stands while the destination is unchanged
    else:
        trip.region_class, trip.region_override_reason = derived, None


def create_trip(*, session: Session, actor: User, data: dict) -> Trip:
    """Create a draft trip for `actor` in their unit."""
    if actor.unit_id is None:
        raise ValidationFailed("You belong to no unit, so no one can approve your trips.")
    _validate(data)
    trip = Trip(traveler_id=actor.id, unit_id=actor.unit_id, status=TripStatus.DRAFT.value,
                purpose=data["purpose"], destination=data["destination"],
                origin=data.get("origin") or (actor.unit.location if actor.unit else None),
                start_at=data["start_at"], end_at=data["end_at"], transport=data["transport"],
                within_duty_area=bool(data.get("within_duty_area", False)),
                estimated_cost=data.get("estimated_cost"))
    _apply_region(trip, data)
    session.add(trip)
    session.commit()
    return trip


def update_trip(*, session: Session, trip_id: int, actor: User, data: dict,
                expected_version: int | None = None) -> Trip:
    """Edit a draft (only the traveler, only while it is a draft)."""
    trip = load_trip(session, trip_id, actor)
    require_actor(actor, trip, ACTORS[Action.APPLY])
    check_version(trip, expected_version)
    if trip.status != TripStatus.DRAFT:
        raise Conflict(f"Only a draft can be edited; this trip is '{trip.status}'.",
                       current_status=trip.status)
    merged = {k: getattr(trip, k) for k in ("start_at", "end_at")} | data
    _validate(merged)
    for key in EDITABLE:
        if key in data and key not in ("region_class", "region_override_reason"):
            setattr(trip, key, data[key])
    _apply_region(trip, data)
    session.commit()
    return trip


@dataclass(frozen=True)
class TripFilter:
    """What the trip list can be narrowed by."""

    status: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    traveler_id: int | None = None
    unit_id: int | None = None

    def clauses(self) -> list:
        """WHERE clauses for everything but status: a trip overlapping the date range counts."""
        clauses = []
        if self.date_from:
            clauses.append(Trip.end_at >= seoul_midnight(self.date_from))
        if self.date_to:
            clauses.append(Trip.start_at < seoul_midnight(self.date_to + timedelta(days=1)))
        if self.traveler_id:
            clauses.append(Trip.traveler_id == self.traveler_id)
        if self.unit_id:
            clauses.append(Trip.unit_id == self.unit_id)
        return clauses


def list_trips(*, session: Session, actor: User, filters: TripFilter, page: int = 1,
               per_page: int = 20) -> tuple[list[Trip], int]:
    """Trips `actor` may see, newest first, one page at a time, with the total count."""
    stmt = visible_trips(actor).where(*filters.clauses())
    if filters.status:
        stmt = stmt.where(Trip.status.in_(filters.status))
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = session.scalars(stmt.order_by(Trip.created_at.desc(), Trip.id.desc())
                           .limit(per_page).offset((page - 1) * per_page)).all()
    return list(rows), int(total or 0)


def get_trip(*, session: Session, trip_id: int, actor: User, origin: Origin) -> Trip:
    """One trip, if `actor` may see it; another person's trip is read into the access log."""
    trip = load_trip(session, trip_id, actor)
    if record_read(session=session, actor=actor, subject_id=trip.traveler_id,
                   resource=AccessResource.TRIP, resource_id=trip.id, action=AccessAction.READ,
                   origin=origin):
        session.commit()
    return trip


def trip_events(*, session: Session, trip_id: int, actor: User) -> list[TripEvent]:
    """The audit trail of a trip, oldest first."""
    load_trip(session, trip_id, actor)
    return list(session.scalars(select(TripEvent).where(TripEvent.trip_id == trip_id)
                                .order_by(TripEvent.seq)))


def check_version(trip: Trip, expected: int | None) -> None:
    """StaleState (409) when the caller saw another version of the trip than the stored one."""
    if expected is not None and expected != trip.version:
        raise StaleState(f"The trip is at version {trip.version}, not {expected}: someone acted "
                         "first. Reload it.", current_version=trip.version,
                         current_status=trip.status)


_LOOK_UP = object()


def _audit_values(*, trip_id: int, action: Action, from_status: str, to_status: str,
                  actor: User | None, comment: str, request_id: str, last, at: datetime,
                  keys: AuditKeys, step: int | None = None,
                  on_behalf_of: int | None = None) -> dict:
    """Column values of the next audit row of a trip, chained to `last` (None: the first row)."""
    record = TripEventRecord(trip_id=trip_id, action=action.value, from_status=from_status,
                             to_status=to_status, actor_id=actor.id if actor else None,
                             comment=comment or "", at=at, request_id=request_id or "",
                             step=step, on_behalf_of=on_behalf_of)
    prev_hash = last.hash if last else GENESIS_HASH
    seq = (last.seq if last else 0) + 1
    key_id, mac = keys.sign(prev_hash, {**record.payload(), "seq": seq})
    payload = record.payload()
    payload.pop("on_behalf_of", None)
    return {**payload, "at": at, "seq": seq, "prev_hash": prev_hash, "hash": mac,
            "key_id": key_id, "step": step, "on_behalf_of_id": on_behalf_of}


def _head(keys: AuditKeys, row: dict) -> str | None:
    """The trip's audit head once `row` (audit values) is its last row."""
    return keys.head(row["key_id"], trip_id=row["trip_id"], seq=row["seq"], row_mac=row["hash"],
                     status=row["to_status"])


def record_transition(*, session: Session, trip: Trip, action: Action, actor: User | None,
                      settings: Settings, comment: str = "", request_id: str = "",
                      last_event=_LOOK_UP, step: int | None = None,
                      on_behalf_of: int | None = None) -> TripEvent:
    """Move `trip` by `action` and add its chained audit row; the caller commits.

    `last_event` (the trip's latest audit row, anything with .seq and .hash, or None) spares the
    lookup when a caller moves many trips at once.
    """
    target = next_status(TripStatus(trip.status), action, comment)
    from_status = trip.status
    last = last_event if last_event is not _LOOK_UP else session.scalars(
        select(TripEvent).where(TripEvent.trip_id == trip.id)
        .order_by(TripEvent.seq.desc()).limit(1)).first()
    now = now_seoul()
    keys = settings.audit_keys
    values = _audit_values(trip_id=trip.id, action=action, from_status=trip.status,
                           to_status=target.value, actor=actor, comment=comment,
                           request_id=request_id, last=last, at=now, keys=keys, step=step,
                           on_behalf_of=on_behalf_of)
    row = TripEvent(**values)
    moved = from_status != target.value  # a step of the 결재선 or a 사후보고 keeps the status
    trip.status = target.value
    trip.audit_head = _head(keys, values)
    stamp = STAMPS.get(target) if moved else None
    if stamp:
        setattr(trip, stamp, now)
    # Flush the versioned UPDATE first: a concurrent change fails here as StaleDataError (409)
    # before the audit row is inserted.
    session.flush()
    session.add(row)
    note_events(session, [values])  # notices in this transaction (issue 16)
    if moved and target == TripStatus.SETTLED:
        _record_impact(session, trip, now, settings.impact)
        _stamp_statement(session, trip, now)
    approval_line.after_transition(session=session, trip=trip, from_status=from_status)
    return row


def bulk_transition(*, session: Session, trip_ids: list[int], from_status: TripStatus,
                    action: Action, actor: User | None, last_events: dict, settings: Settings,
                    comment: str = "", request_id: str = "") -> int:
    """Move many trips that are all in `from_status` by one `action`: one UPDATE, one INSERT of
    chained audit rows. Raises StaleState unless every trip moved; the caller commits.

    For the finance payment of a whole batch, where one versioned UPDATE per trip cost ~1 ms each.
    `last_events` maps trip id -> that trip's latest audit row (anything with .seq and .hash).
    """
    target = next_status(from_status, action, comment)
    if not trip_ids:
        return 0
    now = now_seoul()
    values: dict = {"status": target.value, "version": Trip.version + 1, "updated_at": now}
    if STAMPS.get(target):
        values[STAMPS[target]] = now
    moved = session.execute(
        update(Trip).where(Trip.id.in_(trip_ids), Trip.status == from_status.value)
        .values(**values).execution_options(synchronize_session=False)).rowcount
    if moved != len(trip_ids):
        raise StaleState(f"{len(trip_ids) - moved} of {len(trip_ids)} trips are no longer "
                         f"'{from_status.value}'; nothing was changed.")
    keys = settings.audit_keys
    rows = [_audit_values(trip_id=trip_id, action=action, from_status=from_status.value,
                          to_status=target.value, actor=actor, comment=comment,
                          request_id=request_id, last=last_events.get(trip_id), at=now, keys=keys)
            for trip_id in trip_ids]
    session.execute(insert(TripEvent), rows)
    note_events(session, rows)  # notices in this transaction (issue 16)
    # Each trip's head differs: one executemany of primary-key UPDATEs after the shared one.
    trips = Trip.__table__
    session.execute(update(trips).where(trips.c.id == bindparam("b_id"))
                    .values(audit_head=bindparam("b_head")),
                    [{"b_id": row["trip_id"], "b_head": _head(keys, row)} for row in rows])
    return moved


def event_payload(row: TripEvent) -> dict:
    """The hashed content of a stored audit row (what `flask audit verify` recomputes)."""
    record = TripEventRecord(trip_id=row.trip_id, action=row.action, from_status=row.from_status,
                             to_status=row.to_status, actor_id=row.actor_id, comment=row.comment,
                             at=row.at, request_id=row.request_id, step=row.step,
                             on_behalf_of=row.on_behalf_of_id)
    return {**record.payload(), "seq": row.seq}


def _stamp_statement(session: Session, trip: Trip, now: datetime) -> None:
    # Settled directly or after review: the statement becomes exportable from now on (issue 6).
    row = session.scalar(select(Statement).where(Statement.trip_id == trip.id))
    if row is not None:
        row.settled_at = now


def _record_impact(session: Session, trip: Trip, now: datetime, params: ImpactParams) -> None:
    printed = session.scalar(select(func.count(Receipt.id)).where(
        Receipt.trip_id == trip.id, Receipt.source == "upload")) or 0
    saved = trip_savings(params, int(printed))
    days = (now - trip.applied_at).total_seconds() / 86400 if trip.applied_at else None
    existing = session.get(TripImpact, trip.id)
    if existing is not None:  # settled again after a review round: keep the latest figures
        session.delete(existing)
        session.flush()
    session.add(TripImpact(trip_id=trip.id, unit_id=trip.unit_id, settled_at=now,
                           sheets_saved=saved["sheets"], steps_saved=saved["steps"],
                           staff_minutes_saved=saved["staff_minutes"], days_apply_to_settled=days))


def transition(*, session: Session, trip_id: int, actor: User, action: Action, settings: Settings,
               comment: str = "", request_id: str = "", expected_version: int | None = None) -> Trip:
    """Load, check who acts, move the trip, write the audit row and commit, all or nothing."""
    try:
        trip = load_trip(session, trip_id, actor)
        require_actor(actor, trip, ACTORS[action])
        check_version(trip, expected_version)
        if action in approval_line.DECISIONS:  # the 결재선 decides which step and what it moves
            approval_line.decide(session=session, trip=trip, actor=actor, action=action,
                                 comment=comment, request_id=request_id, settings=settings)
        else:
            record_transition(session=session, trip=trip, action=action, actor=actor,
                              comment=comment, request_id=request_id, settings=settings)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return trip


# The wrappers kept are those the demo data (app/services/demo.py) and the tests call; handlers use
# transition() with the action from the registry.
def apply_trip(**kw) -> Trip:
    """Traveler submits a draft for approval."""
    return transition(action=Action.APPLY, **kw)


def approve_trip(**kw) -> Trip:
    """Approver of the traveler's unit approves an application."""
    return transition(action=Action.APPROVE, **kw)


def accept_settlement(**kw) -> Trip:
    """Approver accepts a flagged settlement as it stands."""
    return transition(action=Action.ACCEPT_SETTLEMENT, **kw)
