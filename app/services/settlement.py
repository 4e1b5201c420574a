"""Settlement use cases: preview a statement, settle a trip from its receipts, read its statement."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.errors import Conflict, NotFound, StaleState, ValidationFailed
from app.models import (SEOUL, AccessAction, AccessResource, Receipt, Statement, Trip, User,
                        now_seoul, seoul_midnight)
from app.services.access import load_trip, require_actor
from app.services.access_log import Origin, record_read
from app.services.trips import check_version, record_transition
from workflow.allowances import CaseError, calculate_statement, case_from_dict
from workflow.flags import flag, from_dict
from workflow.machine import ACTORS, next_status
from workflow.receipt_checks import CLAIM_CODES
from workflow.review import Evidence, review_flags
from workflow.states import Action, TripStatus

# OCR document types (ocr.model.DOCUMENT_TYPES) and e-receipt kinds that are fares, by 운임 mode.
FARE_MODES = {"rail_ticket": "rail", "rail": "rail", "bus_ticket": "bus", "bus": "bus",
              "taxi_receipt": "taxi", "taxi": "taxi", "air_ticket": "air", "air": "air"}
PENDING = ("queued", "processing")
# Statuses whose stored statement counts as paid for the duty-area day maximum (처리기준: 20,000 a day).
COUNTED = (TripStatus.SETTLEMENT_REVIEW.value, TripStatus.SETTLED.value, TripStatus.PAID.value)
# Settle-body fields handed to the calculator as they are (issue 13; names are a contract).
PASSED_ON = ("dedicated_vehicle", "official_vehicle_dates", "side_trip_dates", "shared_lodging",
             "meals_provided")
_EXPENSE_KEY = re.compile(r"^expenses\[(\d+)\](.*)$")


@dataclass
class _Case:
    """The calculator body being built, with where each expense came from (for error messages)."""

    body: dict
    sources: list[str] = field(default_factory=list)
    receipt_of: dict[int, int] = field(default_factory=dict)  # expense index -> receipt id

    def add(self, expense: dict, source: str, receipt_id: int | None = None) -> None:
        if receipt_id is not None:
            self.receipt_of[len(self.sources)] = receipt_id
        self.body["expenses"].append(expense)
        self.sources.append(source)


def _case_errors(exc: CaseError, sources: list[str] | None = None) -> dict[str, list[str]]:
    """CaseError's {field: message} as problem+json errors, expense indexes named by their source."""
    errors: dict[str, list[str]] = {}
    for key, message in exc.errors.items():
        match = _EXPENSE_KEY.match(key)
        if sources is not None and match and int(match.group(1)) < len(sources):
            key = sources[int(match.group(1))] + match.group(2)
        errors.setdefault(key, []).append(message)
    return errors


def preview_statement(*, body: Any, meal_deduction: str = "off") -> dict:
    """The statement for a calculator body (workflow.allowances format); nothing is saved."""
    try:
        statement = calculate_statement(case_from_dict(body), meal_deduction=meal_deduction)
    except CaseError as exc:
        raise ValidationFailed("The trip cannot be computed; see errors.",
                               errors=_case_errors(exc)) from None
    return {**statement.to_dict(), "created_at": now_seoul(), "settled_at": None, "trip_id": None,
            "grade": body["grade"]}


def _amount(value: Any) -> int | None:
    """An integer KRW amount from an OCR or corrected value (59800, "59,800", "59,800원")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        digits = value.replace(",", "").replace("원", "").strip()
        return int(digits) if digits.isdigit() else None
    return None


def _iso_day(value: Any) -> str | None:
    """The travel date as YYYY-MM-DD, or None when the ticket's date is unreadable."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


def _usable(receipt: Receipt) -> bool:
    return receipt.status == "done" or receipt.source.startswith("e_receipt")


def _receipt_flags(receipts: list[Receipt]) -> list[dict]:
    """Each receipt's own flags (duplicates, mismatches...), tagged with the receipt id; the fare
    checks are left to the calculator, which runs them on the expense (workflow.receipt_checks)."""
    flags = []
    for r in receipts:
        for raw in r.flags or []:
            f = from_dict(raw, receipt_id=r.id) if isinstance(raw, dict) else None
            if f and f.code and f.code not in CLAIM_CODES:
                flags.append({**f.to_dict(), "message": f"영수증 #{r.id}: {f.message}", "ref": None})
    return flags


def _not_used(receipt: Receipt, why: str) -> dict:
    return flag("receipt_not_used", f"영수증 #{receipt.id}은 {why}: 정산에 넣지 않았습니다.",
                receipt_id=receipt.id).to_dict()


def _fare_receipts(case: _Case, receipts: list[Receipt], lodging_ids: set[int]) -> list[dict]:
    """Add a fare per rail/bus/taxi receipt; other receipts not used for lodging are flagged."""
    errors: dict[str, list[str]] = {}
    flags: list[dict] = []
    for r in receipts:
        fields = r.effective_fields()
        mode = FARE_MODES.get(r.document_type or "")
        if r.id in lodging_ids:
            continue
        if r.status == "failed":
            flags.append(_not_used(r, "읽지 못했습니다 (값을 고치거나 지우세요)"))
            continue
        if mode is None or not _usable(r):
            flags.append(_not_used(r, f"운임 영수증이 아닙니다 ({r.document_type}); 숙박 영수증이면 "
                                      f"lodging에서 receipt_id로 지정하세요"))
            continue
        if case.body["within_duty_area"]:
            # 공무원 여비 규정 제18조: the flat duty-area amount replaces fares.
            flags.append(_not_used(r, "근무지 내 출장이라 운임을 따로 지급하지 않습니다 (제18조)"))
            continue
        amount = _amount(fields.get("total_amount"))
        if amount is None or amount < 0:
            errors[f"receipts[{r.id}].total_amount"] = [
                "The receipt has no readable amount; correct it before settling."]
            continue
        expense = {"kind": "fare", "mode": mode, "amount": amount, "receipt_id": str(r.id),
                   "seat_class": fields.get("seat_class") or None,
                   "origin": fields.get("departure") or None,
                   "destination": fields.get("arrival") or None, "date": _iso_day(fields.get("date"))}
        case.add({k: v for k, v in expense.items() if v is not None}, f"receipts[{r.id}]", r.id)
    if errors:
        raise ValidationFailed("Some receipts cannot be settled; see errors.", errors=errors)
    return flags


def _lodging(case: _Case, data: dict, receipts: dict[int, Receipt]) -> set[int]:
    """Add the lodging nights of the request body; returns the receipt ids they use."""
    errors: dict[str, list[str]] = {}
    used: set[int] = set()
    for i, item in enumerate(data.get("lodging") or []):
        where, amount, rid = f"lodging[{i}]", item.get("amount"), item.get("receipt_id")
        if rid is not None:
            receipt = receipts.get(rid)
            if receipt is None or not _usable(receipt):
                errors[f"{where}.receipt_id"] = [f"Receipt {rid} is not a processed receipt of this trip."]
                continue
            amount = _amount(receipt.effective_fields().get("total_amount"))
            if amount is None:
                errors[f"{where}.receipt_id"] = [f"Receipt {rid} has no readable amount; correct it first."]
                continue
            used.add(rid)
        elif amount is None:
            errors[where] = ["Give the amount or the receipt_id of the lodging bill."]
            continue
        night = item.get("night")
        expense = {"kind": "lodging", "night": night.isoformat() if isinstance(night, date) else night,
                   "amount": amount, "justification": item.get("justification") or ""}
        if item.get("place"):
            expense["place"] = item["place"]  # the night's cap follows where it was spent (별표 2)
        case.add(expense, where, rid)
    if errors:
        raise ValidationFailed("Some lodging nights cannot be settled; see errors.", errors=errors)
    return used


def _private_car(case: _Case, data: dict) -> None:
    for i, night in enumerate(data.get("relatives_nights") or []):
        case.add({"kind": "lodging_with_relatives",
                  "night": night.isoformat() if isinstance(night, date) else night},
                 f"relatives_nights[{i}]")
    fuel = data.get("fuel")
    if fuel:
        expense = {"kind": "fuel", "distance_km": str(fuel.get("distance_km")),
                   "fuel_type": fuel.get("fuel_type"), "fuel_price": fuel.get("fuel_price")}
        expense.update({k: fuel[k] for k in ("reason", "replaced_fare") if fuel.get(k) is not None})
        case.add(expense, "fuel")
    for i, amount in enumerate(data.get("tolls") or []):
        case.add({"kind": "toll", "amount": amount}, f"tolls[{i}]")


def _iso_days(values: Any) -> Any:
    return [v.isoformat() if isinstance(v, date) else v for v in values] if isinstance(values, list) else values


def _duty_area_paid(session: Session, trip: Trip) -> int:
    """What the traveller's other duty-area trips of the same day already got (1일 최고액, 처리기준)."""
    day = trip.start_at.astimezone(SEOUL).date()
    rows = session.scalars(select(Statement).join(Trip, Trip.id == Statement.trip_id).where(
        Trip.traveler_id == trip.traveler_id, Trip.id != trip.id, Trip.within_duty_area.is_(True),
        Trip.status.in_(COUNTED), Trip.start_at >= seoul_midnight(day),
        Trip.start_at < seoul_midnight(day + timedelta(days=1))))
    return sum(line.get("amount", 0) for row in rows for line in row.lines or []
               if line.get("item") == "duty_area")


def build_case(trip: Trip, receipts: list[Receipt], data: dict,
               duty_area_paid: int = 0) -> tuple[_Case, list[dict]]:
    """The calculator body for `trip` from its receipts and the request; plus receipt-level flags."""
    body = {
        "grade": trip.traveler.grade, "start_at": trip.start_at.isoformat(),
        "end_at": trip.end_at.isoformat(), "destination": trip.destination,
        # region_class is derived from the destination, or overridden with a reason on the trip.
        "destination_region": trip.region_class, "within_duty_area": trip.within_duty_area,
        "official_vehicle": trip.transport == "official_vehicle", "expenses": [],
        # 제8조의2②, 제16조②: the evidence is handed in with the claim, today.
        "submitted_on": now_seoul().date().isoformat(), "duty_area_paid_that_day": duty_area_paid,
    }
    # 근무지 for the 제18조② check of a 통합특별시: where the unit sits, else where the trip starts.
    duty_station = (trip.unit.location if trip.unit else None) or trip.origin
    if duty_station:
        body["duty_station"] = duty_station
    body.update({k: _iso_days(data[k]) for k in PASSED_ON if data.get(k) is not None})
    case = _Case(body=body)
    lodging_ids = _lodging(case, data, {r.id: r for r in receipts})
    flags = _fare_receipts(case, receipts, lodging_ids)
    _private_car(case, data)
    return case, flags + _receipt_flags(receipts)


def _statement_flags(statement_flags: list[dict], case: _Case) -> list[dict]:
    """The calculator's flags with the receipt id each expense came from."""
    return [{**f, "receipt_id": case.receipt_of.get(f["ref"]) if f.get("ref") is not None else None}
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
    case, receipt_flags = build_case(trip, receipts, data, paid)
    try:
        result = calculate_statement(case_from_dict(case.body), meal_deduction=meal_deduction).to_dict()
    except CaseError as exc:
        raise ValidationFailed("The trip cannot be computed; see errors.",
                               errors=_case_errors(exc, case.sources)) from None
    flags = _statement_flags(result["flags"], case) + receipt_flags
    return case.body["grade"], result, flags + _review(case, result, receipts)


def _review(case: _Case, result: dict, receipts: list[Receipt]) -> list[dict]:
    """Blocking flags for what only the traveller declares (workflow.review)."""
    trust = {r.id: r.trust for r in receipts}
    evidence = {i: Evidence(rid, trust.get(rid) == "self_reported")
                for i, rid in case.receipt_of.items()}
    return [f.to_dict() for f in review_flags(body=case.body, lines=result["lines"], evidence=evidence)]


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


def settle_trip(*, session: Session, trip_id: int, actor: User, data: dict | None = None,
                comment: str = "", request_id: str = "", expected_version: int | None = None,
                meal_deduction: str = "off") -> Trip:
    """Compute and store the statement, then settle the trip or send it to review; all or nothing."""
    try:
        trip = _owned_trip(session, trip_id, actor, expected_version, for_update=True)
        if trip.status == "approved" and now_seoul() < trip.end_at:
            # Settlement follows the trip (preview is allowed any time).
            raise Conflict(f"The trip ends at {trip.end_at:%Y-%m-%d %H:%M}; settle it after it ends.",
                           current_status=trip.status)
        if trip.within_duty_area:
            # The day's maximum spans the traveller's duty-area trips: one settles at a time (PostgreSQL).
            session.execute(select(User.id).where(User.id == trip.traveler_id).with_for_update())
        grade, result, flags = _compute(session, trip, data or {}, meal_deduction)
        _store(session, trip, grade, result, flags)
        review = any(f["blocking"] for f in flags)
        record_transition(session=session, trip=trip, actor=actor, comment=comment,
                          action=Action.SETTLE_FOR_REVIEW if review else Action.SETTLE,
                          request_id=request_id)
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

