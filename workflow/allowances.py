"""공무원 여비 규정 (domestic trips) applied to a trip: calculate_statement() and its CLI.

Usage: python -m workflow.allowances CASE.json   (or - for stdin); prints the statement as JSON,
or the per-field errors and exit status 2. MEAL_DEDUCTION=third_per_meal in the environment turns on
the agency option for provided meals (off by default).

Body: grade (1 | 2), start_at / end_at (ISO 8601; without an offset read as Asia/Seoul), destination,
optional destination_region (seoul | metro | other), within_duty_area, duty_area_hours, official_vehicle,
official_vehicle_dates [YYYY-MM-DD] (the days a 공무용 차량 was used; official_vehicle alone = every day),
dedicated_vehicle (전용 차량 배정자), duty_area_paid_that_day (KRW of the traveler's other duty-area trips
that day), duty_station (근무지), side_trip_dates [YYYY-MM-DD] (제17조②: days away from the long-stay
place), shared_lodging {people}, meals_provided, submitted_on (YYYY-MM-DD, the claim's day),
expenses: fare {mode: rail|bus|air|taxi|ship, amount, seat_class?, receipt_id?, date?, origin?,
destination?}, lodging {night, amount, justification?, place?}, lodging_with_relatives {night},
fuel {distance_km, fuel_type: gasoline|diesel|lpg|hybrid|plugin_hybrid|electric, fuel_price, reason?,
replaced_fare?}, toll {amount}.
Statement: lines [{item, quantity, unit_amount, amount, rule, note}], flags [{code, message, blocking,
level, source, ref, ...}] (workflow.flags), total, plus needs_review (any blocking flag) and
rates_effective (the version applied).

Rounding: every amount is integer KRW. Fuel is floored to the won (distance x price / efficiency is
rarely whole, and flooring never pays more than the receipt-backed cost); long-stay reductions of 일비
and the meal deduction are floored too.
"""
from __future__ import annotations

import json
import os
import sys
from datetime import timedelta

from workflow import costs, days
from workflow.days import MEAL_DEDUCTIONS
from workflow.rates import NoRatesInForce, RateTable, next_version_after, rates_in_force
from workflow.flags import Flag, flag
from workflow.statement import Line, Statement
from workflow.trip_case import (
    CaseError, Fare, Fuel, Lodging, Toll, TripCase, case_from_dict,
)

__all__ = ["MEAL_DEDUCTIONS", "CaseError", "Flag", "Line", "Statement", "TripCase", "calculate_statement",
           "case_from_dict", "rates_in_force"]


def _costs(case: TripCase, rates: RateTable) -> tuple[list[Line], list[Flag]]:
    by_index: dict[int, list[Line]] = {}
    flags: list[Flag] = []
    for e in case.expenses:
        if isinstance(e, Fare):
            line, new = costs.fare(case, e)
            by_index[e.index] = [line]
            flags += new
        elif isinstance(e, Lodging):
            by_index[e.index], new = costs.lodging(case, rates, e)
            flags += new
    car_lines, car_flags = costs.car(case, [e for e in case.expenses if isinstance(e, (Fuel, Toll))])
    for index, line in car_lines:
        by_index[index] = [line]
    lines = [line for index in sorted(by_index) for line in by_index[index]]
    return lines + costs.relatives(case, rates), flags + car_flags


def _claim_flags(case: TripCase, rates: RateTable) -> list[Flag]:
    """Deadlines of the evidence (제8조의2②, 제16조②) and a trip crossing an amendment."""
    flags: list[Flag] = []
    end, sent = case.end_at.date(), case.submitted_on
    if sent and any(isinstance(e, (Fare, Lodging)) for e in case.expenses):
        due = end + timedelta(days=rates.evidence_days)
        if sent > due:
            flags.append(flag("evidence_late",
                              f"운임·숙박비 증빙은 출장을 마친 뒤 {rates.evidence_days}일 이내({due}까지) "
                              f"내야 합니다 (제8조의2②); {sent}에 제출되었습니다."))
    over = [e for e in case.expenses if isinstance(e, Lodging) and e.justification
            and (cap := costs.room_cap(case, rates, e)) is not None and e.amount > cap]
    due = end + timedelta(days=rates.card_slip_days)
    if sent and over and sent > due:
        flags.append(flag("card_slip_late",
                          f"상한을 넘은 숙박의 카드 매출전표는 {rates.card_slip_days}일 이내({due}까지) "
                          f"내야 합니다 (제16조②); {sent}에 제출되었습니다.", ref=over[0].index))
    later = next_version_after(case.start_at.date())
    if later is not None and later.effective <= end:
        # 부칙 제33312호 제2조: a trip started before an amendment stays under the earlier amounts.
        flags.append(flag("trip_crosses_amendment",
                          f"출장 중 {later.effective}에 여비 금액이 바뀌었지만 "
                          f"출장 시작일 기준 금액({rates.label})을 전 기간에 적용했습니다 "
                          f"(부칙 제33312호 제2조; 제7조①의 구분 계산은 하지 않음)."))
    return flags


def calculate_statement(case: TripCase, *, meal_deduction: str = "off") -> Statement:
    """Apply the regulation in force on the trip's start date to `case` (meal_deduction: MEAL_DEDUCTIONS)."""
    if meal_deduction not in MEAL_DEDUCTIONS:
        raise ValueError(f"meal_deduction must be one of {', '.join(MEAL_DEDUCTIONS)}")
    try:
        rates = rates_in_force(case.start_at.date())
    except NoRatesInForce as exc:
        raise CaseError({"start_at": str(exc)}) from None
    if case.within_duty_area:
        line, flags = days.duty_area(case, rates)
        return Statement((line,), tuple(flags), rates.effective)
    lines, day_flags = days.daily(case, rates)
    lines += days.meals(case, rates, meal_deduction)
    cost_lines, cost_flags = _costs(case, rates)
    flags = cost_flags + day_flags + _claim_flags(case, rates)
    return Statement(tuple(lines + cost_lines), tuple(flags), rates.effective)


def main(argv: list[str] | None = None) -> int:
    """CLI: read a case from a file or stdin, print the statement; exit 2 on bad input."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m workflow.allowances CASE.json|-", file=sys.stderr)
        return 2
    option = os.environ.get("MEAL_DEDUCTION") or "off"
    if option not in MEAL_DEDUCTIONS:
        return _print_errors({"MEAL_DEDUCTION": f"다음 중 하나여야 합니다: {', '.join(MEAL_DEDUCTIONS)}"})
    try:
        text = sys.stdin.read() if args[0] == "-" else open(args[0], encoding="utf-8").read()
        statement = calculate_statement(case_from_dict(json.loads(text)), meal_deduction=option)
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
