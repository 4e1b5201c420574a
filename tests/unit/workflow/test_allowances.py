"""calculate_statement() against cases worked out by hand from 공무원 여비 규정 (see DOMAIN.md)."""
from __future__ import annotations

import pytest

from workflow.allowances import calculate_statement, case_from_dict


def trip(start="2025-03-10T09:00+09:00", end="2025-03-10T18:00+09:00", **fields) -> dict:
    """A 제2호 trip to 부산 with no expenses unless told otherwise."""
    body = {"grade": 2, "start_at": start, "end_at": end, "destination": "부산광역시", "expenses": []}
    body.update(fields)
    return body


def fare(amount, mode="rail", **fields) -> dict:
    return {"kind": "fare", "mode": mode, "amount": amount, **fields}


def lodging(night, amount, **fields) -> dict:
    return {"kind": "lodging", "night": night, "amount": amount, **fields}


def relatives(night) -> dict:
    return {"kind": "lodging_with_relatives", "night": night}


# Each case: body, expected total, expected lines as (item, quantity, unit_amount, amount) in statement
# order (일비, 식비, then expenses in order, 친지 숙박 last), expected flags as (code, blocking).
# Amounts from 2023-03-02: 일비 25,000, 식비 25,000, 숙박 caps 서울 100,000 / 광역시 80,000 / other 70,000.
CASES = [
    pytest.param(
        # 3 days (3/10, 3/11, 3/12). 59,800 + 3x25,000 + 3x25,000 + min(78,000, 80,000) + 20,000 = 307,800
        trip("2025-03-10T07:30+09:00", "2025-03-12T20:10+09:00", expenses=[
            fare(59800, seat_class="일반실"), lodging("2025-03-10", 78000), relatives("2025-03-11")]),
        307800,
        [("daily", 3, 25000, 75000), ("meal", 3, 25000, 75000), ("fare", 1, 59800, 59800),
         ("lodging", 1, 78000, 78000), ("lodging", 1, 20000, 20000)],
        [],
        id="issue-example-busan",
    ),
    pytest.param(
        # One calendar day: 25,000 + 25,000 = 50,000
        trip(), 50000, [("daily", 1, 25000, 25000), ("meal", 1, 25000, 25000)], [], id="same-day",
    ),
    pytest.param(
        # 22:00 on 4/1 to 01:30 on 4/2: two calendar days (제5조). 2x25,000 + 2x25,000 = 100,000
        trip("2025-04-01T22:00+09:00", "2025-04-02T01:30+09:00"),
        100000, [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000)], [], id="over-midnight",
    ),
    pytest.param(
        # 14:30Z = 23:30 KST on 4/1, 15:30Z = 00:30 KST on 4/2: days are counted in Asia/Seoul -> 2 days
        trip("2025-04-01T14:30Z", "2025-04-01T15:30Z"),
        100000, [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000)], [],
        id="over-midnight-in-seoul-not-utc",
    ),
    pytest.param(
        # 5/1..5/15 = 15 days, none past the 15th: 15x25,000 + 15x25,000 = 750,000
        trip("2025-05-01T09:00+09:00", "2025-05-15T18:00+09:00"),
        750000, [("daily", 15, 25000, 375000), ("meal", 15, 25000, 375000)], [],
        id="long-stay-15-days-no-cut",
    ),
    pytest.param(
        # 5/1..5/16 = 16 days. 제17조 counts from the day after arrival: 5/16 is stay day 15, not past
        # the 15th, so nothing is cut. 일비 16x25,000 = 400,000; 식비 16x25,000 = 400,000; total 800,000
        trip("2025-05-01T09:00+09:00", "2025-05-16T18:00+09:00"),
        800000,
        [("daily", 16, 25000, 400000), ("meal", 16, 25000, 400000)],
        [],
        id="제17조-16-day-trip-not-reduced-counted-from-day-after-arrival",
    ),
    pytest.param(
        # 1/1..3/3/2025 = 31 + 28 + 3 = 62 days; trip day d is stay day d-1 (제17조: from the day after
        # arrival). 일비: days 1-16 25,000 (400,000); 17-31 (stay 16-30) 22,500 (337,500); 32-61 (stay
        # 31-60) 20,000 (600,000); 62 (stay 61) 17,500 = 1,355,000. 식비 62x25,000 = 1,550,000. 2,905,000
        trip("2025-01-01T09:00+09:00", "2025-03-03T18:00+09:00"),
        2905000,
        [("daily", 16, 25000, 400000), ("daily", 15, 22500, 337500), ("daily", 30, 20000, 600000),
         ("daily", 1, 17500, 17500), ("meal", 62, 25000, 1550000)],
        [("long_stay_reduction", False)],
        id="제17조-long-stay-past-60-days",
    ),
    pytest.param(
        # Official vehicle: 일비 25,000 / 2 = 12,500 (제16조③); 식비 unchanged. 2x12,500 + 2x25,000 = 75,000
        trip("2025-06-02T09:00+09:00", "2025-06-03T18:00+09:00", destination="대구", official_vehicle=True),
        75000, [("daily", 2, 12500, 25000), ("meal", 2, 25000, 50000)], [],
        id="official-vehicle-halves-daily",
    ),
    pytest.param(
        # 17 days with an official vehicle: 16x12,500 = 200,000; day 17 (stay day 16) 12,500x9/10 = 11,250;
        # 식비 17x25,000 = 425,000; total 636,250
        trip("2025-05-01T09:00+09:00", "2025-05-17T18:00+09:00", official_vehicle=True),
        636250,
        [("daily", 16, 12500, 200000), ("daily", 1, 11250, 11250), ("meal", 17, 25000, 425000)],
        [("long_stay_reduction", False)],
        id="제16조③-제17조-official-vehicle-and-long-stay",
    ),
    pytest.param(
        # Starts 2023-03-01: old amounts for the whole trip, 3/2 included (부칙 제33312호 제2조), flagged.
        # 일비 2x20,000, 식비 2x20,000, 서울 cap 70,000 on a 90,000 night:
        # 40,000 + 40,000 + 70,000 = 150,000, 20,000 cut
        trip("2023-03-01T09:00+09:00", "2023-03-02T18:00+09:00", destination="서울특별시 종로구",
             expenses=[lodging("2023-03-01", 90000)]),
        150000,
        [("daily", 2, 20000, 40000), ("meal", 2, 20000, 40000), ("lodging", 1, 70000, 70000)],
        [("lodging_capped", False), ("trip_crosses_amendment", False)],
        id="부칙-제33312호-rules-before-2023-03-02",
    ),
    pytest.param(
        # Same trip starting 2023-03-02: new amounts. 2x25,000 + 2x25,000 + 90,000 (under 100,000) = 190,000
        trip("2023-03-02T09:00+09:00", "2023-03-03T18:00+09:00", destination="서울특별시 종로구",
             expenses=[lodging("2023-03-02", 90000)]),
        190000,
        [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000), ("lodging", 1, 90000, 90000)],
        [],
        id="rules-from-2023-03-02",
    ),
    pytest.param(
        # 제1호: lodging is actual cost without cap. 50,000 + 50,000 + 250,000 = 350,000
        trip("2025-07-07T09:00+09:00", "2025-07-08T18:00+09:00", grade=1, destination="서울 중구",
             expenses=[lodging("2025-07-07", 250000)]),
        350000,
        [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000), ("lodging", 1, 250000, 250000)],
        [],
        id="grade-1-lodging-uncapped",
    ),
    pytest.param(
        # 제1호 may ride 특실: 25,000 + 25,000 + 83,700 = 133,700, no flag
        trip(grade=1, expenses=[fare(83700, seat_class="특실", origin="서울", destination="부산")]),
        133700,
        [("daily", 1, 25000, 25000), ("meal", 1, 25000, 25000), ("fare", 1, 83700, 83700)],
        [],
        id="grade-1-first-class-allowed",
    ),
    pytest.param(
        # 제2호 특실: amount kept (83,700), blocking flag for review. 50,000 + 83,700 = 133,700
        trip(expenses=[fare(83700, seat_class="특실", origin="서울", destination="부산")]),
        133700,
        [("daily", 1, 25000, 25000), ("meal", 1, 25000, 25000), ("fare", 1, 83700, 83700)],
        [("class_above_entitlement", True)],
        id="grade-2-first-class-flagged",
    ),
    pytest.param(
        # 일반실 서울-부산 reference 59,800; 70,000 > 59,800 x 1.05 = 62,790: non-blocking flag.
        # 50,000 + 70,000
        trip(expenses=[fare(70000, seat_class="일반실", origin="서울역", destination="부산역")]),
        120000,
        [("daily", 1, 25000, 25000), ("meal", 1, 25000, 25000), ("fare", 1, 70000, 70000)],
        [("fare_above_tariff", False)],
        id="fare-above-tariff",
    ),
    pytest.param(
        # Every fare mode is paid at the receipt amount (제10조~제13조): 44,400 + 12,000 + 80,000 + 30,000
        # = 166,400; + 50,000. The taxi is paid but flagged (여비업무처리기준: local transport is in 일비).
        trip(expenses=[fare(44400, "bus", seat_class="프리미엄", origin="서울경부", destination="부산종합"),
                       fare(12000, "taxi", receipt_id="T-1"), fare(80000, "air"), fare(30000, "ship")]),
        216400,
        [("daily", 1, 25000, 25000), ("meal", 1, 25000, 25000), ("fare", 1, 44400, 44400),
         ("fare", 1, 12000, 12000), ("fare", 1, 80000, 80000), ("fare", 1, 30000, 30000)],
        [("taxi_fare", False)],
        id="제10조-제13조-fare-modes-paid-as-receipts",
    ),
    pytest.param(
        # 서울 cap 100,000, 130,000 paid, no justification: 100,000 and a note of the 30,000 cut
        trip("2025-03-10T09:00+09:00", "2025-03-11T18:00+09:00", destination="서울",
             expenses=[lodging("2025-03-10", 130000)]),
        200000,
        [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000), ("lodging", 1, 100000, 100000)],
        [("lodging_capped", False)],
        id="lodging-over-cap-without-justification",
    ),
    pytest.param(
        # Justified: up to 100,000 + 3/10 = 130,000; 125,000 paid in full, blocking review. 100,000 + 125,000
        trip("2025-03-10T09:00+09:00", "2025-03-11T18:00+09:00", destination="서울",
             expenses=[lodging("2025-03-10", 125000, justification="행사장 인근 숙소 만실")]),
        225000,
        [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000), ("lodging", 1, 125000, 125000)],
        [("lodging_over_cap_justified", True)],
        id="lodging-over-cap-justified",
    ),
    pytest.param(
        # 수원 (other): cap 70,000 + 3/10 (21,000) = 91,000; 95,000 justified -> 91,000, 4,000 cut
        trip("2025-03-10T09:00+09:00", "2025-03-11T18:00+09:00", destination="경기도 수원시",
             expenses=[lodging("2025-03-10", 95000, justification="국제회의 지정 숙소")]),
        191000,
        [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000), ("lodging", 1, 91000, 91000)],
        [("lodging_over_cap_justified", True), ("lodging_capped", False)],
        id="lodging-justified-beyond-three-tenths",
    ),
    pytest.param(
        # 세종 is not a 광역시: cap 70,000, so 75,000 -> 70,000
        trip("2025-03-10T09:00+09:00", "2025-03-11T18:00+09:00", destination="세종특별자치시",
             expenses=[lodging("2025-03-10", 75000)]),
        170000,
        [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000), ("lodging", 1, 70000, 70000)],
        [("lodging_capped", False)],
        id="sejong-is-not-metro",
    ),
    pytest.param(
        # destination_region override to seoul: cap 100,000, so 95,000 paid in full
        trip("2025-03-10T09:00+09:00", "2025-03-11T18:00+09:00", destination="세종특별자치시",
             destination_region="seoul", expenses=[lodging("2025-03-10", 95000)]),
        195000,
        [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000), ("lodging", 1, 95000, 95000)],
        [],
        id="destination-region-override",
    ),
    pytest.param(
        # Two nights with relatives: 3x25,000 + 3x25,000 + 2x20,000 = 190,000
        trip("2025-03-10T09:00+09:00", "2025-03-12T18:00+09:00",
             expenses=[relatives("2025-03-11"), relatives("2025-03-10")]),
        190000,
        [("daily", 3, 25000, 75000), ("meal", 3, 25000, 75000), ("lodging", 2, 20000, 40000)],
        [],
        id="staying-with-relatives",
    ),
    pytest.param(
        # Private car in 2022 (efficiencies of 2018-11-01): 123.4 km x 1,650 / 13.30 = 203,610 / 13.3
        # = 15,309.02 -> 15,309 (floor); toll 9,800; 2022 amounts: 20,000 + 20,000 + 15,309 + 9,800 = 65,109
        trip("2022-03-10T09:00+09:00", "2022-03-10T18:00+09:00", destination="세종", expenses=[
            {"kind": "fuel", "distance_km": 123.4, "fuel_type": "gasoline", "fuel_price": 1650,
             "reason": "장비 운반"},
            {"kind": "toll", "amount": 9800}]),
        65109,
        [("daily", 1, 20000, 20000), ("meal", 1, 20000, 20000), ("fuel", 1, 15309, 15309),
         ("toll", 1, 9800, 9800)],
        [],
        id="별표2-비고4-fuel-gasoline-2018-efficiency-and-toll",
    ),
    pytest.param(
        # Same car in 2025 (2023-01-18 efficiencies, quoted by third parties): 203,610 / 11.97:
        # 11.97 x 17,010 = 203,609.7 -> 17,010 (floor). 25,000 + 25,000 + 17,010 + 9,800 = 76,810
        trip(destination="세종", expenses=[
            {"kind": "fuel", "distance_km": 123.4, "fuel_type": "gasoline", "fuel_price": 1650,
             "reason": "장비 운반"},
            {"kind": "toll", "amount": 9800}]),
        76810,
        [("daily", 1, 25000, 25000), ("meal", 1, 25000, 25000), ("fuel", 1, 17010, 17010),
         ("toll", 1, 9800, 9800)],
        [],
        id="별표2-비고4-fuel-gasoline-2023-efficiency-and-toll",
    ),
    pytest.param(
        # 2025 (2023-01-18 efficiencies): 300 km x 1,500 / 12.52 = 450,000 / 12.52: 12.52 x 35,942
        # = 449,993.84 -> 35,942; 100 km x 1,000 / 8.83: 8.83 x 11,325 = 99,999.75 -> 11,325.
        # 50,000 + 35,942 + 11,325 = 97,267
        trip(expenses=[
            {"kind": "fuel", "distance_km": 300, "fuel_type": "diesel", "fuel_price": 1500,
             "reason": "심야 귀청"},
            {"kind": "fuel", "distance_km": "100", "fuel_type": "lpg", "fuel_price": 1000}]),
        97267,
        [("daily", 1, 25000, 25000), ("meal", 1, 25000, 25000), ("fuel", 1, 35942, 35942),
         ("fuel", 1, 11325, 11325)],
        [],
        id="fuel-diesel-and-lpg-floored",
    ),
    pytest.param(
        # Duty area, 09:00-13:00 = exactly 4 hours: 20,000 (제18조), nothing else
        trip("2025-03-10T09:00+09:00", "2025-03-10T13:00+09:00", within_duty_area=True),
        20000, [("duty_area", 1, 20000, 20000)], [], id="duty-area-exactly-4-hours",
    ),
    pytest.param(
        # 09:00-12:59 = under 4 hours: 10,000
        trip("2025-03-10T09:00+09:00", "2025-03-10T12:59+09:00", within_duty_area=True),
        10000, [("duty_area", 1, 10000, 10000)], [], id="duty-area-under-4-hours",
    ),
    pytest.param(
        # duty_area_hours given (time actually spent) wins over the span: 4.5 h -> 20,000
        trip("2025-03-10T09:00+09:00", "2025-03-10T10:00+09:00", within_duty_area=True, duty_area_hours=4.5),
        20000, [("duty_area", 1, 20000, 20000)], [], id="duty-area-hours-given",
    ),
    pytest.param(
        # 4 hours or more with an official vehicle: 20,000 - 10,000 = 10,000
        trip("2025-03-10T09:00+09:00", "2025-03-10T17:00+09:00", within_duty_area=True,
             official_vehicle=True),
        10000, [("duty_area", 1, 10000, 10000)], [], id="duty-area-official-vehicle",
    ),
    pytest.param(
        # Under 4 hours with an official vehicle: 10,000 - 10,000 = 0
        trip("2025-03-10T09:00+09:00", "2025-03-10T11:00+09:00", within_duty_area=True, official_vehicle=True,
             destination=None),
        0, [("duty_area", 1, 0, 0)], [], id="duty-area-short-with-official-vehicle",
    ),
]


@pytest.mark.parametrize(("body", "total", "lines", "flags"), CASES)
def test_statement_matches_hand_worked_case(body, total, lines, flags):
    statement = calculate_statement(case_from_dict(body))
    assert [(l.item, l.quantity, l.unit_amount, l.amount) for l in statement.lines] == lines
    assert [(f.code, f.blocking) for f in statement.flags] == flags
    assert statement.total == total
    assert statement.needs_review == any(blocking for _, blocking in flags)


@pytest.mark.parametrize(("body", "total", "lines", "flags"), CASES)
def test_every_line_cites_its_rule_and_multiplies_out(body, total, lines, flags):
    for line in calculate_statement(case_from_dict(body)).lines:
        assert line.amount == line.quantity * line.unit_amount
        assert "제" in line.rule or "기준" in line.rule
        assert all(isinstance(v, int) for v in (line.quantity, line.unit_amount, line.amount))
