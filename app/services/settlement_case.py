"""The case a settlement computes: the stored trip, its receipts and the settle body, read at once.

Each expense is handed to the rules' reader (workflow.trip_case.read_case) under the name the API
reports its errors by (`receipts[7]`, `lodging[0]`, `fuel`, `tolls[1]`, `relatives_nights[0]`), so a
bad value comes back keyed where the traveler typed or uploaded it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.errors import ValidationFailed
from app.models import Receipt, Trip, now_seoul
from workflow.flags import flag, from_dict
from workflow.receipt_checks import CLAIM_CODES
from workflow.trip_case import CaseError, TripCase, read_case

# OCR document types (ocr.model.DOCUMENT_TYPES) and e-receipt kinds that are fares, by 운임 mode.
FARE_MODES = {"rail_ticket": "rail", "rail": "rail", "bus_ticket": "bus", "bus": "bus",
              "taxi_receipt": "taxi", "taxi": "taxi", "air_ticket": "air", "air": "air"}
# Settle-body fields handed to the calculator as they are (issue 13; names are a contract).
PASSED_ON = ("dedicated_vehicle", "official_vehicle_dates", "side_trip_dates", "shared_lodging",
             "meals_provided")


@dataclass
class SettlementCase:
    """The trip case, which receipt each expense came from, and the receipts' own flags."""

    case: TripCase
    receipt_of: dict[int, int] = field(default_factory=dict)  # expense index -> receipt id
    flags: list[dict] = field(default_factory=list)


@dataclass
class _Expenses:
    """The expenses being gathered, each under its name, with the receipt it came from."""

    named: list[tuple[str, dict]] = field(default_factory=list)
    receipt_of: dict[int, int] = field(default_factory=dict)

    def add(self, name: str, expense: dict, receipt_id: int | None = None) -> None:
        if receipt_id is not None:
            self.receipt_of[len(self.named)] = receipt_id
        self.named.append((name, expense))


def case_errors(exc: CaseError) -> dict[str, list[str]]:
    """CaseError's {field: message} as problem+json errors."""
    return {key: [message] for key, message in exc.errors.items()}


def amount_of(value: Any) -> int | None:
    """An integer KRW amount from an OCR or corrected value (59800, "59,800", "59,800원")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        digits = value.replace(",", "").replace("원", "").strip()
        return int(digits) if digits.isdigit() else None
    return None


def _ticket_day(value: Any) -> date | None:
    """The travel date on a ticket, or None when it is unreadable."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
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


def _fare(receipt: Receipt, mode: str, errors: dict[str, list[str]]) -> dict | None:
    """A fare expense from a ticket, or None (with an error) when its amount is unreadable."""
    fields = receipt.effective_fields()
    amount = amount_of(fields.get("total_amount"))
    if amount is None or amount < 0:
        errors[f"receipts[{receipt.id}].total_amount"] = [
            "The receipt has no readable amount; correct it before settling."]
        return None
    expense = {"kind": "fare", "mode": mode, "amount": amount, "receipt_id": str(receipt.id),
               "seat_class": fields.get("seat_class") or None, "origin": fields.get("departure") or None,
               "destination": fields.get("arrival") or None, "date": _ticket_day(fields.get("date"))}
    return {k: v for k, v in expense.items() if v is not None}


def _fare_receipts(out: _Expenses, trip: Trip, receipts: list[Receipt],
                   lodging_ids: set[int]) -> list[dict]:
    """Add a fare per rail/bus/taxi receipt; other receipts not used for lodging are flagged."""
    errors: dict[str, list[str]] = {}
    flags: list[dict] = []
    for r in receipts:
        mode = FARE_MODES.get(r.document_type or "")
        if r.id in lodging_ids:
            continue
        if r.status == "failed":
            flags.append(_not_used(r, "읽지 못했습니다 (값을 고치거나 지우세요)"))
        elif mode is None or not _usable(r):
            flags.append(_not_used(r, f"운임 영수증이 아닙니다 ({r.document_type}); 숙박 영수증이면 "
                                      f"lodging에서 receipt_id로 지정하세요"))
        elif trip.within_duty_area:
            # 공무원 여비 규정 제18조: the flat duty-area amount replaces fares.
            flags.append(_not_used(r, "근무지 내 출장이라 운임을 따로 지급하지 않습니다 (제18조)"))
        elif (expense := _fare(r, mode, errors)) is not None:
            out.add(f"receipts[{r.id}]", expense, r.id)
    if errors:
        raise ValidationFailed("Some receipts cannot be settled; see errors.", errors=errors)
    return flags


def _lodging(out: _Expenses, data: dict, receipts: dict[int, Receipt]) -> set[int]:
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
            amount = amount_of(receipt.effective_fields().get("total_amount"))
            if amount is None:
                errors[f"{where}.receipt_id"] = [f"Receipt {rid} has no readable amount; correct it first."]
                continue
            used.add(rid)
        elif amount is None:
            errors[where] = ["Give the amount or the receipt_id of the lodging bill."]
            continue
        expense = {"kind": "lodging", "night": item.get("night"), "amount": amount,
                   "justification": item.get("justification") or ""}
        if item.get("place"):
            expense["place"] = item["place"]  # the night's cap follows where it was spent (별표 2)
        out.add(where, expense, rid)
    if errors:
        raise ValidationFailed("Some lodging nights cannot be settled; see errors.", errors=errors)
    return used


def _private_car(out: _Expenses, data: dict) -> None:
    for i, night in enumerate(data.get("relatives_nights") or []):
        out.add(f"relatives_nights[{i}]", {"kind": "lodging_with_relatives", "night": night})
    fuel = data.get("fuel")
    if fuel:
        out.add("fuel", {"kind": "fuel", **fuel})
    for i, amount in enumerate(data.get("tolls") or []):
        out.add(f"tolls[{i}]", {"kind": "toll", "amount": amount})


def _trip_fields(trip: Trip, data: dict, duty_area_paid: int) -> dict:
    """The trip's own values as the rules' reader takes them (no JSON in between)."""
    fields = {
        "grade": trip.traveler.grade, "start_at": trip.start_at, "end_at": trip.end_at,
        "destination": trip.destination,
        # region_class is derived from the destination, or overridden with a reason on the trip.
        "destination_region": trip.region_class, "within_duty_area": trip.within_duty_area,
        "official_vehicle": trip.transport == "official_vehicle",
        # 제8조의2②, 제16조②: the evidence is handed in with the claim, today.
        "submitted_on": now_seoul().date(), "duty_area_paid_that_day": duty_area_paid,
    }
    # 근무지 for the 제18조② check of a 통합특별시: where the unit sits, else where the trip starts.
    duty_station = (trip.unit.location if trip.unit else None) or trip.origin
    if duty_station:
        fields["duty_station"] = duty_station
    fields.update({k: data[k] for k in PASSED_ON if data.get(k) is not None})
    return fields


def build_case(trip: Trip, receipts: list[Receipt], data: dict,
               duty_area_paid: int = 0) -> SettlementCase:
    """The case for `trip` from its receipts and the settle body, or ValidationFailed per field."""
    out = _Expenses()
    lodging_ids = _lodging(out, data, {r.id: r for r in receipts})
    flags = _fare_receipts(out, trip, receipts, lodging_ids)
    _private_car(out, data)
    try:
        case = read_case(_trip_fields(trip, data, duty_area_paid), out.named)
    except CaseError as exc:
        raise ValidationFailed("The trip cannot be computed; see errors.",
                               errors=case_errors(exc)) from None
    return SettlementCase(case=case, receipt_of=out.receipt_of, flags=flags + _receipt_flags(receipts))
