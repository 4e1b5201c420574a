"""Costs paid against evidence: 운임 (제10조~제13조), 숙박비 (제16조①), 자가용 (별표 2 비고 제4호)."""
from __future__ import annotations

from decimal import ROUND_FLOOR

from workflow.fares import fare_flag, first_class_flag
from workflow.flags import REVIEW, Flag, flag
from workflow.fuel import fuel_in_force, unit_of
from workflow.rates import RateTable
from workflow.regions import CLASS_LABELS as REGION_NAMES  # how notes name the classes of 별표 2
from workflow.regions import region_note
from workflow.statement import Line, with_caveat
from workflow.trip_case import Fare, Fuel, Lodging, LodgingWithRelatives, Toll, TripCase

FARE_RULE = "공무원 여비 규정 제10조~제13조, 별표 2"
CAR_RULE = "공무원 여비 규정 별표 2 비고 제4호, 여비업무처리기준"


def fare(case: TripCase, e: Fare) -> tuple[Line, list[Flag]]:
    """운임 is the receipt's actual fare (제10조~제13조, 별표 2; cited as a range, per mode unchecked)."""
    parts = [e.mode, e.seat_class or "", f"{e.origin}-{e.destination}" if e.origin and e.destination else "",
             f"영수증 {e.receipt_id}" if e.receipt_id else ""]
    note = " ".join(p for p in parts if p)
    if e.mode == "taxi":  # paid, but the processing standard counts local transport in 일비
        note = with_caveat(note, "여비업무처리기준: 출장지 안 교통비는 일비로 충당")
    line = Line("fare", 1, e.amount, e.amount, FARE_RULE, note)
    # Kept in full (a blocking flag instead): only the approver can tell an exception from an upgrade.
    flags = [f for f in [first_class_flag(case.grade, e.mode, e.seat_class, e.amount, ref=e.index)] if f]
    if e.mode == "taxi":
        flags.append(flag("taxi_fare",
                          f"택시 요금 {e.amount:,}원을 지급했습니다. "
                          f"여비업무처리기준은 출장지 안의 교통비를 일비로 "
                          f"충당하는 것으로 보니, 택시가 부득이했는지 확인하세요.", ref=e.index))
    if e.mode in ("rail", "bus") and e.origin and e.destination:
        over = fare_flag(e.mode, e.origin, e.destination, e.seat_class, e.amount,
                         e.day or case.start_at.date(), ref=e.index)
        flags += [over] if over else []
    return line, flags


def room_cap(case: TripCase, rates: RateTable, e: Lodging) -> int | None:
    """The night's cap for 제2호 (a shared room pools the sharers' caps); None for 제1호 (no cap)."""
    if case.grade == 1:
        return None
    return rates.lodging_caps[e.region or case.region] * (case.shared_lodging_people or 1)


def lodging(case: TripCase, rates: RateTable, e: Lodging) -> tuple[list[Line], list[Flag]]:
    """제16조①, 별표 2: actual cost; 제2호 capped by where the night was spent, +3/10 if unavoidable."""
    rule, place = "공무원 여비 규정 제16조①, 별표 2", e.place or case.destination
    region, people = e.region or case.region, case.shared_lodging_people or 1
    note = f"{e.night} 숙박{f' ({place})' if place else ''}, 실지출 {e.amount:,}원"
    if people > 1:
        note += f", {people}명 공동 숙박"
    caveat = region_note(place, case.start_at.date()) if place else ""
    cap = rates.lodging_caps[region]
    lines = _shared(rates, e, cap, people)
    if case.grade == 1:
        return [Line("lodging", 1, e.amount, e.amount, rule,
                     with_caveat(note + ", 제1호 상한 없음", caveat))] + lines, []
    room_cap = cap * people  # a shared room pools the caps of the travelers who paid nothing for it
    note += f", 상한 {cap:,}원 ({REGION_NAMES[region]})" + (f" x {people}명" if people > 1 else "")
    flags: list[Flag] = []
    limit = room_cap
    if e.amount > room_cap and e.justification:
        limit = room_cap + room_cap * rates.lodging_over_cap_tenths // 10
        flags.append(flag("lodging_over_cap_justified",
                          f"{e.night} 숙박비 {e.amount:,}원이 상한 {room_cap:,}원을 넘어 "
                          f"사유와 함께 청구되었습니다 (사유: {e.justification}). "
                          f"3/10 이내 {limit:,}원까지 인정 여부를 검토하세요 (제16조①).",
                          ref=e.index))
    paid = min(e.amount, limit)
    if paid < e.amount:
        hint = "" if e.justification else (" 부득이한 사유가 있으면 사유를 적어 "
                                           "3/10 이내 초과분을 청구할 수 있습니다.")
        flags.append(flag("lodging_capped",
                          f"{e.night} 숙박비 {e.amount:,}원 중 한도 {limit:,}원을 넘는 "
                          f"{e.amount - paid:,}원은 지급하지 않았습니다.{hint}", ref=e.index))
    return [Line("lodging", 1, paid, paid, rule, with_caveat(note, caveat))] + lines, flags


def _shared(rates: RateTable, e: Lodging, cap: int, people: int) -> list[Line]:
    # 여비업무처리기준 (2022): a shared room within cap x (people - 1) earns 20,000 a night for each
    # traveler who paid no lodging. The cap of the 별표 2 table decides it for 제1호 as well.
    if people < 2 or e.amount > cap * (people - 1):
        return []
    unit, others = rates.shared_lodging_per_person, people - 1
    return [Line("lodging", others, unit, unit * others, "여비업무처리기준 (공동 숙박)", with_caveat(
        f"{e.night} 공동 숙박: 숙박비를 내지 않은 {others}명 1인 {unit:,}원 (숙박비 {e.amount:,}원이 "
        f"상한 {cap:,}원 x {others} 이내)", rates.secondary.get("shared_lodging_per_person", "")))]


def relatives(case: TripCase, rates: RateTable) -> list[Line]:
    """여비업무처리기준: staying with relatives, no lodging receipt, a flat amount a night."""
    nights = sorted(e.night for e in case.expenses if isinstance(e, LodgingWithRelatives))
    if not nights:
        return []
    unit = rates.relatives_per_night
    note = with_caveat("친지 집 숙박 " + ", ".join(n.isoformat() for n in nights),
                       rates.secondary.get("relatives_per_night", ""))
    return [Line("lodging", len(nights), unit, unit * len(nights), "여비업무처리기준 (친지 집 숙박)", note)]


def _fuel_amount(case: TripCase, e: Fuel) -> tuple[int, str]:
    # distance x price / efficiency, floored to the won: never more than the receipt-backed cost.
    table = fuel_in_force(case.start_at.date())
    efficiency, unit = table.km_per_unit[e.fuel_type], unit_of(e.fuel_type)
    amount = int((e.distance_km * e.fuel_price / efficiency).to_integral_value(rounding=ROUND_FLOOR))
    note = (f"{e.distance_km.normalize():f}km x {e.fuel_price:,}원/{unit} / {efficiency}km/{unit} "
            f"({e.fuel_type}, 연비 {table.effective} 기준)")
    if e.reason:
        note += f", 부득이한 사유: {e.reason}"
    return amount, with_caveat(note, "" if table.confirmed else table.note)


def car(case: TripCase, items: list[Fuel | Toll]) -> tuple[list[tuple[int, Line]], list[Flag]]:
    """자가용: fuel and tolls when a car was unavoidable; otherwise paid at most as the fare it replaces."""
    fuels = [e for e in items if isinstance(e, Fuel)]
    computed = []
    for e in items:
        if isinstance(e, Fuel):
            amount, note = _fuel_amount(case, e)
            computed.append((e, amount, note, "fuel", CAR_RULE + " (자가용 연료비)"))
        else:
            computed.append((e, e.amount, "통행료", "toll", CAR_RULE + " (통행료)"))
    flags = _vehicle_fuel_flags(case, fuels)
    budget = None
    if fuels and not any(f.reason for f in fuels):
        fares = [f.replaced_fare for f in fuels if f.replaced_fare is not None]
        if fares:
            budget = sum(fares)
        else:
            flags.append(flag("private_car_reason_missing",
                              "자가용 이용이 부득이한 사유(reason)도 "
                              "대신한 철도·버스 운임(replaced_fare)도 없습니다. "
                              "별표 2 비고 제4호는 자가용을 운임으로 지급하고 "
                              "부득이한 경우에만 연료비·통행료를 지급합니다: 확인하세요.",
                              ref=fuels[0].index))
    out = []
    for e, amount, note, item, rule in computed:
        if budget is not None:
            paid = min(amount, budget)
            budget -= paid
            note += f", 사유 없음: 운임 상당액 이내 {paid:,}원 (계산액 {amount:,}원)"
            amount = paid
        out.append((e.index, Line(item, 1, amount, amount, rule, note)))
    if fuels and not any(f.reason for f in fuels) and any(f.replaced_fare is not None for f in fuels):
        total = sum(line.amount for _, line in out)
        replaced = sum(f.replaced_fare or 0 for f in fuels)
        flags.append(flag("private_car_paid_as_fare",
                          f"자가용 이용 사유가 없어 연료비·통행료를 대신한 운임 {replaced:,}원 "
                          f"이내인 {total:,}원만 지급했습니다 (별표 2 비고 제4호).", ref=fuels[0].index))
    return out, flags


def _vehicle_fuel_flags(case: TripCase, fuels: list[Fuel]) -> list[Flag]:
    # 제15조: no 운임 for legs in an official vehicle; fuel of a private car beside one is suspect.
    days = case.vehicle_days
    if not fuels or not days:
        return []
    every_day = days >= set(case.travel_dates)
    # Blocking when the official vehicle covered every day; on some days only, a look is enough.
    when = "출장 내내" if every_day else ", ".join(sorted(d.isoformat() for d in days))
    return [flag("fuel_with_official_vehicle",
                 f"공무용 차량을 {when} "
                 f"썼는데 자가용 연료비가 청구되었습니다 (제15조: 공무용 차량 구간은 운임을 지급하지 않음).",
                 level=None if every_day else REVIEW, ref=fuels[0].index)]
