"""Hand-worked cases of issue 13, each named by its article; every figure is worked out in the comment."""
from __future__ import annotations

import pytest

from workflow.allowances import calculate_statement, case_from_dict


def trip(start="2025-03-10T09:00+09:00", end="2025-03-10T18:00+09:00", **fields) -> dict:
    """A 제2호 trip to 부산 with no expenses unless told otherwise."""
    body = {"grade": 2, "start_at": start, "end_at": end, "destination": "부산광역시", "expenses": []}
    body.update(fields)
    return body


def lodging(night, amount, **fields) -> dict:
    return {"kind": "lodging", "night": night, "amount": amount, **fields}


def fuel(km, fuel_type, price, **fields) -> dict:
    return {"kind": "fuel", "distance_km": km, "fuel_type": fuel_type, "fuel_price": price, **fields}


def duty(start="2025-03-10T09:00+09:00", end="2025-03-10T14:00+09:00", **fields) -> dict:
    """A five-hour trip inside the duty area (제18조)."""
    return trip(start, end, within_duty_area=True, **fields)


# (body, total, lines as (item, quantity, unit_amount, amount), flags as (code, blocking)).
# Amounts from 2023-03-02: 일비 25,000, 식비 25,000, 숙박 caps 서울 100,000 / 광역시 80,000 / other 70,000.
CASES = [
    pytest.param(
        # 5/1..5/17 = 17 days; 5/17 is stay day 16 (counted from 5/2, the day after arrival): 25,000 x 9/10
        # = 22,500. 일비 16x25,000 + 22,500 = 422,500; 식비 17x25,000 = 425,000; total 847,500
        trip("2025-05-01T09:00+09:00", "2025-05-17T18:00+09:00"),
        847500,
        [("daily", 16, 25000, 400000), ("daily", 1, 22500, 22500), ("meal", 17, 25000, 425000)],
        [("long_stay_reduction", False)],
        id="제17조①-17th-trip-day-is-the-16th-stay-day",
    ),
    pytest.param(
        # 5/1..5/18 = 18 days with a side trip on 5/5 and 5/6: those two days are paid in full and not
        # counted. Stay days: 5/2-5/4 = 1-3, 5/7-5/18 = 4-15: never past the 15th, nothing cut.
        # 일비 4x25,000 + 2x25,000 + 12x25,000 = 450,000; 식비 18x25,000 = 450,000; total 900,000
        trip("2025-05-01T09:00+09:00", "2025-05-18T18:00+09:00",
             side_trip_dates=["2025-05-05", "2025-05-06"]),
        900000,
        [("daily", 4, 25000, 100000), ("daily", 2, 25000, 50000), ("daily", 12, 25000, 300000),
         ("meal", 18, 25000, 450000)],
        [],
        id="제17조②-side-trip-days-left-out-of-the-count",
    ),
    pytest.param(
        # 3/10 in 해운대 (광역시, cap 80,000): 85,000 -> 80,000; 3/11 in 경주 (other, cap 70,000): 75,000 ->
        # 70,000. 3x25,000 + 3x25,000 + 80,000 + 70,000 = 300,000
        trip("2025-03-10T09:00+09:00", "2025-03-12T18:00+09:00", expenses=[
            lodging("2025-03-10", 85000, place="부산광역시 해운대구"),
            lodging("2025-03-11", 75000, place="경상북도 경주시")]),
        300000,
        [("daily", 3, 25000, 75000), ("meal", 3, 25000, 75000), ("lodging", 1, 80000, 80000),
         ("lodging", 1, 70000, 70000)],
        [("lodging_capped", False), ("lodging_capped", False)],
        id="제16조①-별표2-each-night-capped-where-it-was-spent",
    ),
    pytest.param(
        # Trip to 경주 (other) with one night in 서울 (cap 100,000): 95,000 paid in full, the second night
        # has no place and takes the destination's cap 70,000: 69,000 in full.
        # 3x25,000 + 3x25,000 + 95,000 + 69,000 = 314,000
        trip("2025-03-10T09:00+09:00", "2025-03-12T18:00+09:00", destination="경주시", expenses=[
            lodging("2025-03-10", 95000, place="서울특별시 중구"), lodging("2025-03-11", 69000)]),
        314000,
        [("daily", 3, 25000, 75000), ("meal", 3, 25000, 75000), ("lodging", 1, 95000, 95000),
         ("lodging", 1, 69000, 69000)],
        [],
        id="별표2-night-without-place-takes-the-destination",
    ),
    pytest.param(
        # 전용 차량 배정자 inside the duty area: nothing (제18조① 단서), whatever the hours.
        duty(dedicated_vehicle=True), 0, [("duty_area", 1, 0, 0)], [],
        id="제18조①단서-dedicated-vehicle-gets-nothing",
    ),
    pytest.param(
        # Five hours: 20,000, but 10,000 was already paid for another duty-area trip that day: the day's
        # maximum of 20,000 (처리기준) leaves 10,000.
        duty(duty_area_paid_that_day=10000), 10000, [("duty_area", 1, 10000, 10000)], [],
        id="제18조-처리기준-20000-a-day-across-trips",
    ),
    pytest.param(
        # 20,000 already paid that day: this trip gets 0.
        duty(duty_area_paid_that_day=20000), 0, [("duty_area", 1, 0, 0)], [],
        id="제18조-처리기준-day-maximum-reached",
    ),
    pytest.param(
        # Official vehicle on the trip's day (given as a date): 20,000 - 10,000 = 10,000.
        duty(official_vehicle_dates=["2025-03-10"]), 10000, [("duty_area", 1, 10000, 10000)], [],
        id="제18조-official-vehicle-date-in-the-duty-area",
    ),
    pytest.param(
        # 6/2..6/4, official vehicle on 6/3 only: 일비 25,000 + 12,500 + 25,000 = 62,500 (제16조③);
        # 식비 3x25,000 = 75,000; total 137,500
        trip("2025-06-02T09:00+09:00", "2025-06-04T18:00+09:00", official_vehicle_dates=["2025-06-03"]),
        137500,
        [("daily", 1, 25000, 25000), ("daily", 1, 12500, 12500), ("daily", 1, 25000, 25000),
         ("meal", 3, 25000, 75000)],
        [],
        id="제16조③-official-vehicle-halves-only-its-days",
    ),
    pytest.param(
        # 서울, two sharing one room at 95,000: within 100,000 x (2-1), so the one who paid nothing earns
        # 20,000 (처리기준 2022). 2x25,000 + 2x25,000 + 95,000 + 20,000 = 215,000
        trip("2025-03-10T09:00+09:00", "2025-03-11T18:00+09:00", destination="서울",
             shared_lodging={"people": 2}, expenses=[lodging("2025-03-10", 95000)]),
        215000,
        [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000), ("lodging", 1, 95000, 95000),
         ("lodging", 1, 20000, 20000)],
        [],
        id="처리기준-shared-room-within-the-cap",
    ),
    pytest.param(
        # 서울, two sharing a 150,000 room: above 100,000 x 1, no 20,000; the room is paid within the two
        # travelers' caps, 2 x 100,000 = 200,000: 150,000. 100,000 + 150,000 = 250,000
        trip("2025-03-10T09:00+09:00", "2025-03-11T18:00+09:00", destination="서울",
             shared_lodging={"people": 2}, expenses=[lodging("2025-03-10", 150000)]),
        250000,
        [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000), ("lodging", 1, 150000, 150000)],
        [],
        id="처리기준-shared-room-above-the-cap-earns-nothing-more",
    ),
    pytest.param(
        # Three sharing in 부산 at 150,000: within 80,000 x 2 = 160,000, so 2 x 20,000 = 40,000.
        # 2x25,000 + 2x25,000 + 150,000 + 40,000 = 290,000
        trip("2025-03-10T09:00+09:00", "2025-03-11T18:00+09:00", shared_lodging={"people": 3},
             expenses=[lodging("2025-03-10", 150000)]),
        290000,
        [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000), ("lodging", 1, 150000, 150000),
         ("lodging", 2, 20000, 40000)],
        [],
        id="처리기준-three-sharing-two-paid-nothing",
    ),
    pytest.param(
        # No reason for the car, fare it replaces 12,000: fuel 100 km x 1,700 / 11.97 = 170,000 / 11.97
        # (11.97 x 14,202 = 169,997.94 -> 14,202) is paid at most 12,000; the toll 5,000 has nothing left.
        # 25,000 + 25,000 + 12,000 + 0 = 62,000
        trip(expenses=[fuel(100, "gasoline", 1700, replaced_fare=12000), {"kind": "toll", "amount": 5000}]),
        62000,
        [("daily", 1, 25000, 25000), ("meal", 1, 25000, 25000), ("fuel", 1, 12000, 12000),
         ("toll", 1, 0, 0)],
        [("private_car_paid_as_fare", False)],
        id="별표2-비고4-car-without-reason-paid-as-the-fare",
    ),
    pytest.param(
        # With a reason the same car is paid as computed: 14,202 + 5,000; 50,000 + 19,202 = 69,202
        trip(expenses=[fuel(100, "gasoline", 1700, replaced_fare=12000, reason="현장 장비 운반"),
                       {"kind": "toll", "amount": 5000}]),
        69202,
        [("daily", 1, 25000, 25000), ("meal", 1, 25000, 25000), ("fuel", 1, 14202, 14202),
         ("toll", 1, 5000, 5000)],
        [],
        id="별표2-비고4-car-with-reason-paid-as-computed",
    ),
    pytest.param(
        # No reason and no fare to compare: paid as computed (14,202), flagged for the approver.
        trip(expenses=[fuel(100, "gasoline", 1700)]),
        64202,
        [("daily", 1, 25000, 25000), ("meal", 1, 25000, 25000), ("fuel", 1, 14202, 14202)],
        [("private_car_reason_missing", False)],
        id="별표2-비고4-car-without-reason-or-fare-flagged",
    ),
    pytest.param(
        # Hybrid 200 km x 1,650 / 15.37 = 330,000 / 15.37 (15.37 x 21,470 = 329,993.9) -> 21,470;
        # electric 150 km x 300 KRW/kWh / 5.22 km/kWh = 45,000 / 5.22 (5.22 x 8,620 = 44,996.4) -> 8,620.
        # 50,000 + 21,470 + 8,620 = 80,090
        trip(expenses=[fuel(200, "hybrid", 1650, reason="대중교통 없음"),
                       fuel(150, "electric", 300, reason="대중교통 없음")]),
        80090,
        [("daily", 1, 25000, 25000), ("meal", 1, 25000, 25000), ("fuel", 1, 21470, 21470),
         ("fuel", 1, 8620, 8620)],
        [],
        id="별표2-비고4-hybrid-and-electric-2023-efficiencies",
    ),
    pytest.param(
        # Official vehicle every day and private-car fuel: 일비 12,500; fuel still computed (14,202) but
        # blocking (제15조). 12,500 + 25,000 + 14,202 = 51,702
        trip(official_vehicle=True, expenses=[fuel(100, "gasoline", 1700, reason="x")]),
        51702,
        [("daily", 1, 12500, 12500), ("meal", 1, 25000, 25000), ("fuel", 1, 14202, 14202)],
        [("fuel_with_official_vehicle", True)],
        id="제15조-fuel-beside-an-official-vehicle",
    ),
    pytest.param(
        # 2026-08-03, a night in the former 광주 area of 전남광주통합특별시: 광역시 cap 80,000 (former area,
        # unconfirmed), 85,000 -> 80,000. 50,000 + 50,000 + 80,000 = 180,000
        trip("2026-08-03T09:00+09:00", "2026-08-04T18:00+09:00", destination="전남광주통합특별시 북구",
             expenses=[lodging("2026-08-03", 85000)]),
        180000,
        [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000), ("lodging", 1, 80000, 80000)],
        [("lodging_capped", False)],
        id="별표2-통합특별시-former-metro-area",
    ),
    pytest.param(
        # Same, a night in its former 전라남도 part (나주시): cap 70,000; 75,000 -> 70,000. 170,000
        trip("2026-08-03T09:00+09:00", "2026-08-04T18:00+09:00", destination="전남광주통합특별시 나주시",
             expenses=[lodging("2026-08-03", 75000)]),
        170000,
        [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000), ("lodging", 1, 70000, 70000)],
        [("lodging_capped", False)],
        id="별표2-통합특별시-former-other-area",
    ),
    pytest.param(
        # 인천 영종구 (2026-07-01) is a 구 of a 광역시: cap 80,000, 78,000 in full. 100,000 + 78,000 = 178,000
        trip("2026-08-03T09:00+09:00", "2026-08-04T18:00+09:00", destination="영종구",
             expenses=[lodging("2026-08-03", 78000)]),
        178000,
        [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000), ("lodging", 1, 78000, 78000)],
        [],
        id="별표2-new-incheon-district-is-metro",
    ),
    pytest.param(
        # 근무지 in former 광주, destination in former 나주: not one duty area (제18조②); 20,000 computed,
        # blocking for review.
        duty("2026-08-03T09:00+09:00", "2026-08-03T14:00+09:00", destination="전남광주통합특별시 나주시",
             duty_station="전남광주통합특별시 북구"),
        20000, [("duty_area", 1, 20000, 20000)], [("duty_area_former_areas", True)],
        id="제18조②-통합특별시-judged-by-former-areas",
    ),
    pytest.param(
        # Inside the former 광주 area: one duty area, no flag.
        duty("2026-08-03T09:00+09:00", "2026-08-03T14:00+09:00", destination="전남광주통합특별시 서구",
             duty_station="전남광주통합특별시 북구"),
        20000, [("duty_area", 1, 20000, 20000)], [],
        id="제18조②-same-former-area-is-one-duty-area",
    ),
    pytest.param(
        # Trip ends 3/11; evidence due by 3/25 (14 days, 제8조의2②), handed in 3/26: flagged, paid.
        trip("2025-03-10T09:00+09:00", "2025-03-11T18:00+09:00", submitted_on="2025-03-26",
             expenses=[{"kind": "fare", "mode": "rail", "amount": 59800}]),
        159800,
        [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000), ("fare", 1, 59800, 59800)],
        [("evidence_late", False)],
        id="제8조의2②-evidence-after-two-weeks",
    ),
    pytest.param(
        # Over-cap night with a reason, slip handed in 3/19 (8 days after 3/11; due 3/18, 제16조②); within
        # the 14 days of 제8조의2. 90,000 justified: cap 80,000 + 3/10 = 104,000, paid 90,000. 190,000
        trip("2025-03-10T09:00+09:00", "2025-03-11T18:00+09:00", submitted_on="2025-03-19",
             expenses=[lodging("2025-03-10", 90000, justification="행사장 숙소")]),
        190000,
        [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000), ("lodging", 1, 90000, 90000)],
        [("lodging_over_cap_justified", True), ("card_slip_late", False)],
        id="제16조②-card-slip-after-one-week",
    ),
    pytest.param(
        # 2 meals provided, agency option off (the default): 식비 unchanged. 50,000 + 50,000 = 100,000
        trip("2025-03-10T09:00+09:00", "2025-03-11T18:00+09:00", meals_provided=2),
        100000, [("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000)], [],
        id="제28조①-meals-provided-not-counted-by-default",
    ),
]


@pytest.mark.parametrize(("body", "total", "lines", "flags"), CASES)
def test_issue_13_case_matches_its_hand_worked_figures(body, total, lines, flags):
    statement = calculate_statement(case_from_dict(body))
    assert [(l.item, l.quantity, l.unit_amount, l.amount) for l in statement.lines] == lines
    assert [(f.code, f.blocking) for f in statement.flags] == flags
    assert statement.total == total


@pytest.mark.parametrize(("body", "total", "lines", "flags"), CASES)
def test_every_issue_13_line_cites_its_article(body, total, lines, flags):
    for line in calculate_statement(case_from_dict(body)).lines:
        assert line.amount == line.quantity * line.unit_amount
        assert "제" in line.rule or "기준" in line.rule


def test_제28조_1항_third_per_meal_cuts_a_third_of_the_days_meal_per_meal():
    # 2 meals x 25,000 / 3 = 16,666.67 -> 16,666 (floored). 50,000 + 50,000 - 16,666 = 83,334
    body = trip("2025-03-10T09:00+09:00", "2025-03-11T18:00+09:00", meals_provided=2)
    s = calculate_statement(case_from_dict(body), meal_deduction="third_per_meal")
    assert [(l.item, l.quantity, l.unit_amount, l.amount) for l in s.lines] == [
        ("daily", 2, 25000, 50000), ("meal", 2, 25000, 50000), ("meal", 1, -16666, -16666)]
    assert s.total == 83334
    assert "제28조①" in s.lines[-1].rule and "기관 방침" in s.lines[-1].note


def test_제28조_1항_three_meals_of_a_one_day_trip_cut_the_whole_days_meal():
    # 3 x 25,000 / 3 = 25,000: 25,000 + 25,000 - 25,000 = 25,000
    s = calculate_statement(case_from_dict(trip(meals_provided=3)), meal_deduction="third_per_meal")
    assert s.total == 25000


def test_unknown_meal_deduction_option_is_refused():
    with pytest.raises(ValueError):
        calculate_statement(case_from_dict(trip()), meal_deduction="half")


def test_secondary_sources_are_said_in_the_line_notes():
    body = trip("2025-03-10T09:00+09:00", "2025-03-12T18:00+09:00", destination="전남광주통합특별시 북구",
                expenses=[{"kind": "lodging_with_relatives", "night": "2025-03-10"},
                          fuel(10, "lpg", 1000, reason="x")])
    notes = {l.item: l.note for l in calculate_statement(case_from_dict(body)).lines}
    assert "2022" in notes["lodging"]  # 처리기준 2022 text, later figure unconfirmed
    assert "1차 출처 미확인" in notes["fuel"]  # the 2023-01-18 efficiencies are quoted by third parties


def test_citations_name_the_fare_and_car_articles():
    body = trip(expenses=[{"kind": "fare", "mode": "bus", "amount": 20000}, fuel(10, "lpg", 1000, reason="x"),
                          {"kind": "toll", "amount": 1000}])
    rules = {l.item: l.rule for l in calculate_statement(case_from_dict(body)).lines}
    assert "제10조~제13조" in rules["fare"] and "별표 2" in rules["fare"]
    assert "별표 2 비고 제4호" in rules["fuel"] and "처리기준" in rules["fuel"]
    assert "별표 2 비고 제4호" in rules["toll"] and "처리기준" in rules["toll"]


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"official_vehicle_dates": "2025-03-10"}, "official_vehicle_dates"),
        ({"official_vehicle_dates": ["2025-03-11"]}, "official_vehicle_dates[0]"),  # not a day of the trip
        ({"official_vehicle_dates": ["10 March"]}, "official_vehicle_dates[0]"),
        ({"side_trip_dates": ["2025-02-01"]}, "side_trip_dates[0]"),
        ({"dedicated_vehicle": "yes"}, "dedicated_vehicle"),
        ({"duty_area_paid_that_day": -1}, "duty_area_paid_that_day"),
        ({"duty_station": 7}, "duty_station"),
        ({"shared_lodging": 2}, "shared_lodging"),
        ({"shared_lodging": {"people": 1}}, "shared_lodging.people"),
        ({"meals_provided": 4}, "meals_provided"),  # a one-day trip has 3 meals
        ({"meals_provided": 1.5}, "meals_provided"),
        ({"submitted_on": "soon"}, "submitted_on"),
        ({"expenses": [lodging("2025-03-10", 1, place=5)], "end_at": "2025-03-11T18:00+09:00"},
         "expenses[0].place"),
        ({"expenses": [fuel(10, "hybrid", 1000)], "start_at": "2022-03-10T09:00+09:00",
          "end_at": "2022-03-10T18:00+09:00"}, "expenses[0].fuel_type"),  # no hybrid before 2023-01-18
        ({"expenses": [fuel(10, "gasoline", 1000, replaced_fare=-5)]}, "expenses[0].replaced_fare"),
        ({"expenses": [fuel(10, "gasoline", 1000, reason=3)]}, "expenses[0].reason"),
    ],
)
def test_a_bad_issue_13_field_is_named_in_the_errors(fields, key):
    from workflow.allowances import CaseError

    with pytest.raises(CaseError) as info:
        case_from_dict(trip(**fields))
    assert key in info.value.errors


def test_a_shared_room_within_the_pooled_cap_needs_no_card_slip():
    # 2 sharing in 부산 at 150,000 with a reason: within 2 x 80,000, not over the cap; no slip deadline.
    body = trip("2025-03-10T09:00+09:00", "2025-03-11T18:00+09:00", submitted_on="2025-04-30",
                shared_lodging={"people": 2}, expenses=[lodging("2025-03-10", 150000, justification="x")])
    codes = [f.code for f in calculate_statement(case_from_dict(body)).flags]
    assert codes == ["evidence_late"]
