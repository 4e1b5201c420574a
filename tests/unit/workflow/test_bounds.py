"""Domain bounds (workflow.bounds) applied by the calculator's reader: cheap refusals per field."""
from __future__ import annotations


import pytest

from workflow import bounds
from workflow.allowances import CaseError, case_from_dict


def body(**overrides) -> dict:
    base = {"grade": 2, "start_at": "2026-03-10T07:30+09:00", "end_at": "2026-03-11T20:00+09:00",
            "destination": "부산광역시 해운대구"}
    base.update(overrides)
    return base


def fuel(distance) -> dict:
    return {"kind": "fuel", "distance_km": distance, "fuel_type": "gasoline", "fuel_price": 1700}


def errors_of(d: dict) -> dict:
    with pytest.raises(CaseError) as exc:
        case_from_dict(d)
    return exc.value.errors


@pytest.mark.parametrize("distance", ["1e999999", "NaN", "Infinity", "-Infinity", 1e308,
                                      "9" * 40, 5000.5])
def test_a_distance_beyond_the_bound_is_refused(distance):
    errors = errors_of(body(expenses=[fuel(distance)]))
    assert "expenses[0].distance_km" in errors


def test_a_trip_ending_in_9999_is_refused_without_building_its_days():
    assert "end_at" in errors_of(body(end_at="9999-12-31T20:00+09:00"))


def test_a_trip_longer_than_the_bound_is_refused_and_one_within_it_is_read():
    assert "end_at" in errors_of(body(end_at="2027-03-20T20:00+09:00"))
    case = case_from_dict(body(end_at="2027-03-10T20:00+09:00"))
    assert len(case.travel_dates) == bounds.MAX_TRIP_DAYS


@pytest.mark.parametrize("kind,field,value", [
    ("toll", "amount", 2_000_000_000),
    ("lodging", "amount", 4 * 10**18),
    ("fare", "amount", bounds.MAX_ITEM_KRW + 1),
])
def test_an_amount_over_the_item_bound_is_refused_naming_the_field(kind, field, value):
    item = {"kind": kind, field: value, "mode": "rail", "night": "2026-03-10"}
    assert "expenses[0].amount" in errors_of(body(expenses=[item]))


def test_a_fuel_price_over_the_bound_is_refused():
    item = {**fuel(100), "fuel_price": bounds.MAX_FUEL_PRICE_KRW + 1}
    assert "expenses[0].fuel_price" in errors_of(body(expenses=[item]))


@pytest.mark.parametrize("text", ["\ud800", "부산\x00", "x" * 201])
def test_text_that_cannot_be_stored_or_is_too_long_is_refused(text):
    assert "destination" in errors_of(body(destination=text))


@pytest.mark.parametrize("day", ["0001-01-01T00:00+09:00", "1999-12-31T10:00+09:00"])
def test_dates_outside_the_sane_range_are_refused(day):
    assert "start_at" in errors_of(body(start_at=day))


def test_too_many_expenses_are_refused():
    items = [{"kind": "toll", "amount": 1000}] * (bounds.MAX_EXPENSES + 1)
    assert "expenses" in errors_of(body(expenses=items))


def test_every_bound_admits_the_largest_real_claim():
    items = [{"kind": "fare", "mode": "air", "amount": 1_500_000},
             {"kind": "lodging", "night": "2026-03-10", "amount": 900_000}, fuel("1450.5"),
             {"kind": "toll", "amount": 45_000}]
    case = case_from_dict(body(grade=1, expenses=items))
    assert len(case.expenses) == 4


@pytest.mark.parametrize("field,value", [("destination_region", {}), ("destination_region", ["seoul"])])
def test_an_object_where_a_name_is_expected_is_an_error_not_a_crash(field, value):
    assert field in errors_of(body(**{field: value}))


def test_objects_as_fare_mode_or_fuel_type_are_errors_not_crashes():
    items = [{"kind": "fare", "mode": {}, "amount": 1000},
             {"kind": "fuel", "distance_km": 10, "fuel_type": [], "fuel_price": 1700}]
    errors = errors_of(body(expenses=items))
    assert {"expenses[0].mode", "expenses[1].fuel_type"} <= set(errors)
