"""공무원 여비 규정 (domestic trips) applied to a trip: calculate_statement() and its CLI.

Usage: python -m workflow.allowances CASE.json   (or - for stdin); prints the statement as JSON,
or the per-field errors and exit status 2.

Body: grade (1 | 2), start_at / end_at (ISO 8601; without an offset read as Asia/Seoul), destination,
optional destination_region (seoul | metro | other), within_duty_area, duty_area_hours, official_vehicle,
expenses: fare {mode: rail|bus|air|taxi|ship, amount, seat_class?, receipt_id?, date?, origin?,
destination?}, lodging {night, amount, justification?}, lodging_with_relatives {night},
fuel {distance_km, fuel_type: gasoline|diesel|lpg, fuel_price}, toll {amount}.
Statement: lines [{item, quantity, unit_amount, amount, rule, note}], flags [{code, message, blocking,
ref}], total, plus needs_review (any blocking flag) and rates_effective (the version applied).

Rounding: every amount is integer KRW. Fuel is floored to the won (distance x price / efficiency is
rarely whole, and flooring never pays more than the receipt-backed cost); long-stay reductions of 일비
are floored too (they are whole won with every amount in force so far).
"""
from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from workflow.fares import check_fare
from workflow.rates import NoRatesInForce, RateTable, rates_in_force
from workflow.trip_case import (
    CaseError, Fare, Fuel, Lodging, LodgingWithRelatives, Toll, TripCase, case_from_dict,
)

__all__ = ["CaseError", "Flag", "Line", "Statement", "TripCase", "calculate_statement", "case_from_dict",
           "rates_in_force"]

# Seat classes that 제2호 travellers are not entitled to on rail (별표 2: 제2호 일반실).
FIRST_CLASS = frozenset({"특실", "first"})


@dataclass(frozen=True)
class Line:
    """One item of the statement; amount == quantity x unit_amount."""

    item: str
    quantity: int
    unit_amount: int
    amount: int
    rule: str
    note: str = ""


@dataclass(frozen=True)
class Flag:
    """Something the approver should see; blocking flags send the trip to review before settlement."""

    code: str
    message: str
    blocking: bool
    ref: int | None = None  # index into the body's expenses, None for the trip as a whole


@dataclass(frozen=True)
class Statement:
    """The settlement: lines, flags and the total in integer KRW."""

    lines: tuple[Line, ...]
    flags: tuple[Flag, ...]
    rates_effective: date
    total: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", sum(line.amount for line in self.lines))

    @property
    def needs_review(self) -> bool:
        """True when a blocking flag means a person must look before settlement."""
        return any(flag.blocking for flag in self.flags)

    def to_dict(self) -> dict:
        """JSON-ready form: lines, flags, total, needs_review and the rates version used."""
        return {
            "lines": [asdict(line) for line in self.lines],
            "flags": [asdict(flag) for flag in self.flags],
            "total": self.total,
            "needs_review": self.needs_review,
            "rates_effective": self.rates_effective.isoformat(),
        }


def _duty_area(case: TripCase, rates: RateTable) -> Line:
    # 공무원 여비 규정 제18조: a flat amount by duration, less with an official vehicle, capped a day.
    da = rates.duty_area
    hours = case.duty_area_hours
    if hours is None:
        hours = Decimal((case.end_at - case.start_at).total_seconds()) / 3600
    long_enough = hours >= da.threshold_hours
    amount = da.from_threshold if long_enough else da.under_threshold
    if case.official_vehicle:
        amount = max(0, amount - da.official_vehicle_less)
    amount = min(amount, da.daily_max)
    note = f"근무지 내 출장 {hours.normalize():f}시간 ({da.threshold_hours}시간 {'이상' if long_enough else '미만'})"
    if case.official_vehicle:
        note += f", 공무용 차량 {da.official_vehicle_less:,}원 감액"
    return Line("duty_area", 1, amount, amount, "공무원 여비 규정 제18조", note)


def _daily(case: TripCase, rates: RateTable) -> tuple[list[Line], list[Flag]]:
    base = rates.daily_allowance
    rule = "공무원 여비 규정 제16조③"
    if case.official_vehicle:
        base //= rates.official_vehicle_daily_divisor  # 제16조③: halved with an official vehicle
    runs: list[list[int]] = []  # [first day, last day, tenths withheld]
    for day in range(1, len(case.travel_dates) + 1):
        # 공무원 여비 규정 제17조: each day past the 15th/30th/60th is reduced by that day's tenths.
        tenths = max((t for after, t in rates.long_stay if day > after), default=0)
        if runs and runs[-1][2] == tenths:
            runs[-1][1] = day
        else:
            runs.append([day, day, tenths])
    lines, flags = [], []
    for first, last, tenths in runs:
        unit = base * (10 - tenths) // 10
        note = f"{first}~{last}일째" + (" (공무용 차량 1/2)" if case.official_vehicle else "")
        if tenths:
            note += f", 장기체재 {tenths}/10 감액"
        lines.append(Line("daily", last - first + 1, unit, unit * (last - first + 1),
                          rule + (", 제17조" if tenths else ""), note))
    withheld = sum((base - line.unit_amount) * line.quantity for line in lines)
    if withheld:
        flags.append(Flag("long_stay_reduction",
                          f"장기체재로 일비 {withheld:,}원을 감액했습니다 (제17조: 15일 초과 1/10, 30일 초과 2/10, "
                          f"60일 초과 3/10).", False))
    return lines, flags


def _lodging(case: TripCase, rates: RateTable, e: Lodging) -> tuple[Line, list[Flag]]:
    # 공무원 여비 규정 제16조①, 별표 2: actual cost; 제2호 capped by region, +3/10 for unavoidable reasons.
    rule, note = "공무원 여비 규정 제16조①, 별표 2", f"{e.night} 숙박, 실지출 {e.amount:,}원"
    if case.grade == 1:
        return Line("lodging", 1, e.amount, e.amount, rule, note + ", 제1호 상한 없음"), []
    cap = rates.lodging_caps[case.region]
    note += f", 상한 {cap:,}원 ({case.region})"
    flags: list[Flag] = []
    limit = cap
    if e.amount > cap and e.justification:
        limit = cap + cap * rates.lodging_over_cap_tenths // 10
        flags.append(Flag("lodging_over_cap_justified",
                          f"{e.night} 숙박비 {e.amount:,}원이 상한 {cap:,}원을 넘어 사유와 함께 청구되었습니다 "
                          f"(사유: {e.justification}). 3/10 이내 {limit:,}원까지 인정 여부를 검토하세요 (제16조①).",
                          True, e.index))
    paid = min(e.amount, limit)
    if paid < e.amount:
        hint = "" if e.justification else " 부득이한 사유가 있으면 사유를 적어 3/10 이내 초과분을 청구할 수 있습니다."
        flags.append(Flag("lodging_capped",
                          f"{e.night} 숙박비 {e.amount:,}원 중 한도 {limit:,}원을 넘는 {e.amount - paid:,}원은 "
                          f"지급하지 않았습니다.{hint}", False, e.index))
    return Line("lodging", 1, paid, paid, rule, note), flags


def _fare(case: TripCase, e: Fare) -> tuple[Line, list[Flag]]:
    # 공무원 여비 규정 제15조, 별표 2: 운임 is the actual fare on the receipt.
    parts = [e.mode, e.seat_class or "", f"{e.origin}-{e.destination}" if e.origin and e.destination else "",
             f"영수증 {e.receipt_id}" if e.receipt_id else ""]
    line = Line("fare", 1, e.amount, e.amount, "공무원 여비 규정 제15조, 별표 2", " ".join(p for p in parts if p))
    flags: list[Flag] = []
    if case.grade == 2 and e.mode == "rail" and (e.seat_class or "").strip().lower() in FIRST_CLASS:
        # Kept in full but blocking: only the approver can tell an entitled exception from an upgrade.
        flags.append(Flag("first_class_not_entitled",
                          f"제2호 여행자의 철도 특실 운임 {e.amount:,}원입니다 (별표 2: 일반실). 금액은 그대로 두었으니 "
                          f"일반실 운임과의 차액 인정 여부를 검토하세요.", True, e.index))
    if e.mode in ("rail", "bus") and e.origin and e.destination:
        on = e.day or case.start_at.date()
        flag = check_fare(e.mode, e.origin, e.destination, e.seat_class, e.amount, on)
        if flag:
            flags.append(Flag(flag["code"], flag["message"], flag["blocking"], e.index))
    return line, flags


def _fuel(rates: RateTable, e: Fuel) -> Line:
    # 자가용 운임 (여비업무처리기준): distance x fuel price / efficiency, floored to the won.
    efficiency = rates.fuel_km_per_litre[e.fuel_type]
    amount = int((e.distance_km * e.fuel_price / efficiency).to_integral_value(rounding=ROUND_FLOOR))
    note = f"{e.distance_km.normalize():f}km x {e.fuel_price:,}원/L / {efficiency}km/L ({e.fuel_type})"
    return Line("fuel", 1, amount, amount, "여비업무처리기준 (자가용 운임)", note)


def _costs(case: TripCase, rates: RateTable) -> tuple[list[Line], list[Flag]]:
    lines: list[Line] = []
    flags: list[Flag] = []
    relatives = sorted(e.night for e in case.expenses if isinstance(e, LodgingWithRelatives))
    for e in case.expenses:
        if isinstance(e, Fare):
            line, new = _fare(case, e)
            lines.append(line)
            flags += new
        elif isinstance(e, Lodging):
            line, new = _lodging(case, rates, e)
            lines.append(line)
            flags += new
        elif isinstance(e, Fuel):
            lines.append(_fuel(rates, e))
        elif isinstance(e, Toll):
            lines.append(Line("toll", 1, e.amount, e.amount, "여비업무처리기준 (자가용 통행료)", "통행료"))
    if relatives:
        unit = rates.relatives_per_night  # 여비업무처리기준: staying with relatives, no lodging receipt
        lines.append(Line("lodging", len(relatives), unit, unit * len(relatives), "여비업무처리기준 (친지 집 숙박)",
                          "친지 집 숙박 " + ", ".join(n.isoformat() for n in relatives)))
    return lines, flags


def calculate_statement(case: TripCase) -> Statement:
    """Apply the regulation in force on the trip's start date to `case`."""
    try:
        rates = rates_in_force(case.start_at.date())
    except NoRatesInForce as exc:
        raise CaseError({"start_at": str(exc)}) from None
    if case.within_duty_area:
        return Statement((_duty_area(case, rates),), (), rates.effective)
    days = len(case.travel_dates)
    lines, flags = _daily(case, rates)
    # 공무원 여비 규정 제16조⑤: 식비 per travel day.
    lines.append(Line("meal", days, rates.meal_allowance, days * rates.meal_allowance, "공무원 여비 규정 제16조⑤",
                      f"여행일수 {days}일 (제5조)"))
    cost_lines, cost_flags = _costs(case, rates)
    return Statement(tuple(lines + cost_lines), tuple(cost_flags + flags), rates.effective)


def main(argv: list[str] | None = None) -> int:
    """CLI: read a case from a file or stdin, print the statement; exit 2 on bad input."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m workflow.allowances CASE.json|-", file=sys.stderr)
        return 2
    try:
        text = sys.stdin.read() if args[0] == "-" else open(args[0], encoding="utf-8").read()
        statement = calculate_statement(case_from_dict(json.loads(text)))
    except OSError as exc:
        return _print_errors({"file": str(exc)})
    except json.JSONDecodeError as exc:
        return _print_errors({"body": f"JSON이 아닙니다: {exc}"})
    except CaseError as exc:
        return _print_errors(exc.errors)
    print(json.dumps(statement.to_dict(), ensure_ascii=False, indent=2))
    return 0


def _print_errors(errors: dict[str, str]) -> int:
    print(json.dumps({"errors": errors}, ensure_ascii=False, indent=2), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
