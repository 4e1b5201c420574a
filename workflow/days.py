"""Allowances by the day: 일비 (제16조③, 제17조), 식비 (제16조⑤, 제28조①) and 근무지 내 출장 (제18조)."""
from __future__ import annotations

from decimal import Decimal

from workflow.rates import RateTable
from workflow.regions import former_area
from workflow.flags import Flag, flag
from workflow.statement import Line, with_caveat
from workflow.trip_case import TripCase

# Agency options for meals provided by the host (MEAL_DEDUCTION). Not in the regulation: the head of the
# agency may reduce 여비 (제28조①), and some agencies cut a third of the day's 식비 per meal.
MEAL_DEDUCTIONS = ("off", "third_per_meal")


def duty_area(case: TripCase, rates: RateTable) -> tuple[Line, list[Flag]]:
    """공무원 여비 규정 제18조: a flat amount by duration, less with an official vehicle, capped a day."""
    da, day = rates.duty_area, case.start_at.date()
    flags = _former_areas(case)
    if case.dedicated_vehicle:
        return Line("duty_area", 1, 0, 0, "공무원 여비 규정 제18조① 단서",
                    "전용 차량 배정자: 근무지 내 출장비를 지급하지 않음"), flags
    hours = case.duty_area_hours
    if hours is None:
        hours = Decimal((case.end_at - case.start_at).total_seconds()) / 3600
    long_enough = hours >= da.threshold_hours
    amount = da.from_threshold if long_enough else da.under_threshold
    note = (f"근무지 내 출장 {hours.normalize():f}시간 "
            f"({da.threshold_hours}시간 {'이상' if long_enough else '미만'})")
    rule = "공무원 여비 규정 제18조"
    if day in case.vehicle_days:
        amount = max(0, amount - da.official_vehicle_less)
        note += f", 공무용 차량 {da.official_vehicle_less:,}원 감액"
    room = max(0, da.daily_max - case.duty_area_paid_that_day)
    if amount > room:
        # The 20,000 a day is across every duty-area trip of that day (여비업무처리기준).
        amount = room
        rule += ", 여비업무처리기준 (1일 최고액)"
        note = with_caveat(f"{note}, 같은 날 이미 {case.duty_area_paid_that_day:,}원 지급: 1일 최고 "
                           f"{da.daily_max:,}원까지", rates.secondary.get("duty_area", ""))
    return Line("duty_area", 1, amount, amount, rule, note), flags


def _former_areas(case: TripCase) -> list[Flag]:
    # 제18조② (2026-07-01): a 통합특별시 is judged by its former areas, not as one 시.
    if not case.duty_station:
        return []
    day = case.start_at.date()
    home, there = former_area(case.duty_station, day), former_area(case.destination, day)
    if home is None or there is None or home == there:
        return []
    return [flag("duty_area_former_areas",
                 f"근무지({home})와 출장지({there})가 통합특별시의 서로 다른 옛 지역입니다. 제18조②에 따라 "
                 f"근무지 내 출장이 아니므로 일반 출장으로 정산해야 하는지 검토하세요.")]


def _day_key(case: TripCase, rates: RateTable, day, count: int) -> tuple[int, bool, bool]:
    side = day in case.side_trip_dates
    tenths = 0 if side else max((t for after, t in rates.long_stay if count > after), default=0)
    return tenths, day in case.vehicle_days, side


def daily(case: TripCase, rates: RateTable) -> tuple[list[Line], list[Flag]]:
    """일비 per travel day, halved on official-vehicle days, reduced for long stays."""
    runs: list[list] = []  # [first trip day, last trip day, (tenths, halved, side trip)]
    first, count = case.start_at.date(), 0
    for n, day in enumerate(case.travel_dates, start=1):
        # 제17조: counted from the day after arrival (the start day), side-trip days left out (제17조②).
        if day > first and day not in case.side_trip_dates:
            count += 1
        key = _day_key(case, rates, day, count)
        if runs and runs[-1][2] == key and runs[-1][1] == n - 1:
            runs[-1][1] = n
        else:
            runs.append([n, n, key])
    lines = [_daily_line(rates, a, b, key) for a, b, key in runs]
    withheld = sum((_base(rates, key[1]) - line.unit_amount) * line.quantity
                   for line, (_, _, key) in zip(lines, runs))
    flags = []
    if withheld:
        flags.append(flag("long_stay_reduction",
                          f"장기체재로 일비 {withheld:,}원을 감액했습니다 "
                          f"(제17조: 도착한 다음 날부터 세어 15일 초과 "
                          f"1/10, 30일 초과 2/10, 60일 초과 3/10; 다른 지역 출장일은 빼고 셈)."))
    return lines, flags


def _base(rates: RateTable, halved: bool) -> int:
    # 제16조③: halved with an official vehicle, on the days it was used.
    return rates.daily_allowance // rates.official_vehicle_daily_divisor if halved else rates.daily_allowance


def _daily_line(rates: RateTable, a: int, b: int, key: tuple[int, bool, bool]) -> Line:
    tenths, halved, side = key
    unit = _base(rates, halved) * (10 - tenths) // 10
    note = (f"{a}~{b}일째" if b > a else f"{a}일째") + (" (공무용 차량 1/2)" if halved else "")
    rule = "공무원 여비 규정 제16조③"
    if tenths:
        note += f", 장기체재 {tenths}/10 감액"
        rule += ", 제17조"
    if side:
        note += ", 다른 지역 출장: 장기체재 일수에서 제외"
        rule += ", 제17조②"
    return Line("daily", b - a + 1, unit, unit * (b - a + 1), rule, note)


def meals(case: TripCase, rates: RateTable, meal_deduction: str) -> list[Line]:
    """식비 per travel day (제16조⑤), less a third per provided meal when the agency turns it on."""
    days = len(case.travel_dates)
    note = f"여행일수 {days}일 (제5조)"
    provided = case.meals_provided
    if provided and meal_deduction == "off":
        note += f", 제공된 식사 {provided}끼: 감액하지 않음 (기관 방침 MEAL_DEDUCTION 꺼짐)"
    lines = [Line("meal", days, rates.meal_allowance, days * rates.meal_allowance, "공무원 여비 규정 제16조⑤",
                  note)]
    if provided and meal_deduction == "third_per_meal":
        num, den = rates.meal_deduction_per_meal
        cut = rates.meal_allowance * provided * num // den  # floored: never cut more than the policy says
        lines.append(Line("meal", 1, -cut, -cut, "공무원 여비 규정 제28조① (기관 방침)", with_caveat(
            f"제공된 식사 {provided}끼 x 식비 {num}/{den} 감액 (MEAL_DEDUCTION=third_per_meal)",
            rates.secondary.get("meal_deduction_per_meal", ""))))
    return lines
