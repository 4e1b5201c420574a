"""Settlement use cases: preview a statement, settle a trip from its receipts, read its statement.

The case itself (trip, receipts and settle body read into a TripCase) is built in settlement_case.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.errors import Conflict, NotFound, StaleState, ValidationFailed
from app.models import (SEOUL, AccessAction, AccessResource, Receipt, Statement, Trip, User,
                        now_seoul, seoul_midnight)
from app.services.access import load_trip, require_actor
from app.services.access_log import Origin, record_read
from app.services.settlement_case import SettlementCase, build_case, case_errors
from app.services.trips import check_version, record_transition
from app.settings import Settings
from workflow.allowances import CaseError, calculate_statement, case_from_dict
from workflow.machine import ACTORS, next_status
from workflow.review import Evidence, review_flags
from workflow.states import Action, TripStatus

PENDING = ("queued", "processing")
# Statuses whose stored statement counts as paid for the duty-area day maximum (처리기준: 20,000 a day).
COUNTED = (TripStatus.SETTLEMENT_REVIEW.value, TripStatus.SETTLED.value, TripStatus.PAID.value)


def preview_statement(*, body: Any, meal_deduction: str = "off") -> dict:
    """The statement for a calculator body (workflow.allowances format); nothing is saved."""
    try:
        statement = calculate_statement(case_from_dict(body), meal_deduction=meal_deduction)
    except CaseError as exc:
        raise ValidationFailed("The trip cannot be computed; see errors.",
                               errors=case_errors(exc)) from None
    return {**statement.to_dict(), "created_at": now_seoul(), "settled_at": None, "trip_id": None,
            "grade": body["grade"]}


def _duty_area_paid(session: Session, trip: Trip) -> int:
    """What the traveler's other duty-area trips of the same day already got (1일 최고액, 처리기준)."""
    day = trip.start_at.astimezone(SEOUL).date()
    rows = session.scalars(select(Statement).join(Trip, Trip.id == Statement.trip_id).where(
        Trip.traveler_id == trip.traveler_id, Trip.id != trip.id, Trip.within_duty_area.is_(True),
        Trip.status.in_(COUNTED), Trip.start_at >= seoul_midnight(day),
        Trip.start_at < seoul_midnight(day + timedelta(days=1))))
    return sum(line.get("amount", 0) for row in rows for line in row.lines or []
               if line.get("item") == "duty_area")


def _statement_flags(statement_flags: list[dict], built: SettlementCase) -> list[dict]:
    """The calculator's flags with the receipt id each expense came from."""
    return [{**f, "receipt_id": built.receipt_of.get(f["ref"]) if f.get("ref") is not None else None}
            for f in statement_flags]


def _store(session: Session, trip: Trip, grade: int, result: dict, flags: list[dict]) -> Statement:
    """Create or replace the trip's statement row (one per trip)."""
    row = session.scalar(select(Statement).where(Statement.trip_id == trip.id))
    if row is None:
        row = Statement(trip_id=trip.id)
        session.add(row)
    row.grade, row.rules_version = grade, result["rates_effective"]
    row.lines, row.flags, row.total = result["lines"], flags, result["total"]
    row.created_at, row.settled_at, row.export_batch_id = now_seoul(), None, None
    return row


def _compute(session: Session, trip: Trip, data: dict,
             meal_deduction: str = "off") -> tuple[int, dict, list[dict]]:
    """(grade, calculator result, all flags) for an approved trip; refuses while receipts are read."""
    next_status(TripStatus(trip.status), Action.SETTLE)  # refuse early unless approved
    receipts = list(session.scalars(select(Receipt).where(Receipt.trip_id == trip.id)
                                    .order_by(Receipt.id)))
    pending = [r.id for r in receipts if r.status in PENDING]
    if pending:
        raise Conflict(f"Receipts {', '.join(map(str, pending))} are still being read; settle "
                       "when they are done.", current_status=trip.status)
    paid = _duty_area_paid(session, trip) if trip.within_duty_area else 0
    built = build_case(trip, receipts, data, paid)
    try:
        result = calculate_statement(built.case, meal_deduction=meal_deduction).to_dict()
    except CaseError as exc:
        raise ValidationFailed("The trip cannot be computed; see errors.",
                               errors=case_errors(exc)) from None
    flags = _statement_flags(result["flags"], built) + built.flags
    return built.case.grade, result, flags + _review(built, result, receipts)


def _review(built: SettlementCase, result: dict, receipts: list[Receipt]) -> list[dict]:
    """Blocking flags for what only the traveler declares (workflow.review)."""
    trust = {r.id: r.trust for r in receipts}
    evidence = {i: Evidence(rid, trust.get(rid) == "self_reported")
                for i, rid in built.receipt_of.items()}
    return [f.to_dict() for f in review_flags(case=built.case, lines=result["lines"], evidence=evidence)]


def _owned_trip(session: Session, trip_id: int, actor: User, expected_version: int | None,
                *, for_update: bool = False) -> Trip:
    trip = load_trip(session, trip_id, actor, for_update=for_update)
    require_actor(actor, trip, ACTORS[Action.SETTLE])
    check_version(trip, expected_version)
    return trip


def preview_trip_settlement(*, session: Session, trip_id: int, actor: User,
                            data: dict | None = None, meal_deduction: str = "off") -> dict:
    """The statement settling would store now (same checks as settle_trip); nothing is saved."""
    try:
        trip = _owned_trip(session, trip_id, actor, None)
        grade, result, flags = _compute(session, trip, data or {}, meal_deduction)
    finally:
        session.rollback()  # only reads happened; end the transaction either way
    return {**result, "flags": flags, "needs_review": any(f["blocking"] for f in flags),
            "trip_id": trip_id, "grade": grade, "created_at": now_seoul(), "settled_at": None}


def settle_trip(*, session: Session, trip_id: int, actor: User, settings: Settings,
                data: dict | None = None, comment: str = "", request_id: str = "",
                expected_version: int | None = None) -> Trip:
    """Compute and store the statement, then settle the trip or send it to review; all or nothing."""
    try:
        trip = _owned_trip(session, trip_id, actor, expected_version, for_update=True)
        if trip.status == "approved" and now_seoul() < trip.end_at:
            # Settlement follows the trip (preview is allowed any time).
            raise Conflict(f"The trip ends at {trip.end_at:%Y-%m-%d %H:%M}; settle it after it ends.",
                           current_status=trip.status)
        if trip.within_duty_area:
            # The day's maximum spans the traveler's duty-area trips: one settles at a time (PostgreSQL).
            session.execute(select(User.id).where(User.id == trip.traveler_id).with_for_update())
        grade, result, flags = _compute(session, trip, data or {}, settings.meal_deduction)
        _store(session, trip, grade, result, flags)
        review = any(f["blocking"] for f in flags)
        record_transition(session=session, trip=trip, actor=actor, comment=comment,
                          action=Action.SETTLE_FOR_REVIEW if review else Action.SETTLE,
                          request_id=request_id, settings=settings)
        session.commit()
    except IntegrityError:  # a simultaneous settle stored its statement first (SQLite has no row lock)
        session.rollback()
        raise StaleState("The trip was settled at the same moment by another request; reload "
                         "it.") from None
    except Exception:
        session.rollback()
        raise
    return trip


def get_statement(*, session: Session, trip_id: int, actor: User, origin: Origin,
                  action: AccessAction = AccessAction.READ) -> tuple[Trip, Statement]:
    """The trip and its statement, for whoever may see the trip (finance once it is settled);
    another person's statement is read into the access log (`action`: JSON, page or PDF)."""
    trip = load_trip(session, trip_id, actor)
    row = session.scalar(select(Statement).where(Statement.trip_id == trip.id))
    if row is None:
        raise NotFound(f"Trip {trip_id} has no statement yet; it is '{trip.status}'.")
    if record_read(session=session, actor=actor, subject_id=trip.traveler_id,
                   resource=AccessResource.STATEMENT, resource_id=trip.id, action=action,
                   origin=origin):
        session.commit()
    return trip, row


def statement_view(row: Statement) -> dict:
    """The statement as the API and the printable page show it."""
    return {"trip_id": row.trip_id, "grade": row.grade, "lines": row.lines, "flags": row.flags,
            "total": row.total, "needs_review": any(f.get("blocking") for f in row.flags),
            "rates_effective": row.rules_version, "created_at": row.created_at,
            "settled_at": row.settled_at}

