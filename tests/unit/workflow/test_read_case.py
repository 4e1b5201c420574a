"""read_case: a stored trip's own values read by the same rules as a posted body."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from workflow.allowances import calculate_statement, case_from_dict
from workflow.trip_case import KST, CaseError, read_case

TRIP = {"grade": 2, "start_at": datetime(2026, 3, 10, 7, 30, tzinfo=KST),
        "end_at": datetime(2026, 3, 11, 20, 0, tzinfo=KST), "destination": "부산광역시 해운대구"}


def test_typed_values_give_the_same_statement_as_their_json_form():
    fuel = {"kind": "fuel", "distance_km": Decimal("12.5"), "fuel_type": "gasoline", "fuel_price": 1700}
    typed = read_case(TRIP, [("lodging[0]", {"kind": "lodging", "night": date(2026, 3, 10), "amount": 70000}),
                             ("fuel", fuel)])
    posted = case_from_dict({"grade": 2, "start_at": "2026-03-10T07:30+09:00",
                             "end_at": "2026-03-11T20:00+09:00", "destination": "부산광역시 해운대구",
                             "expenses": [{"kind": "lodging", "night": "2026-03-10", "amount": 70000},
                                          {"kind": "fuel", "distance_km": "12.5", "fuel_type": "gasoline",
                                           "fuel_price": 1700}]})
    assert calculate_statement(typed).to_dict() == calculate_statement(posted).to_dict()


def test_each_expense_reports_its_errors_under_the_name_its_caller_gave():
    with pytest.raises(CaseError) as caught:
        read_case(TRIP, [("lodging[0]", {"kind": "lodging", "night": date(2026, 3, 10), "amount": 70000}),
                         ("lodging[1]", {"kind": "lodging", "night": date(2026, 3, 10), "amount": 60000}),
                         ("receipts[7]", {"kind": "fare", "mode": "rail", "amount": 10 ** 12})])
    errors = caught.value.errors
    assert errors["lodging[1].night"] == "lodging[0]과 같은 날 숙박을 두 번 청구했습니다"
    assert set(errors) == {"lodging[1].night", "receipts[7].amount"}


def test_a_night_outside_the_trip_is_named_by_the_callers_key():
    with pytest.raises(CaseError) as caught:
        read_case(TRIP, [("relatives_nights[0]",
                          {"kind": "lodging_with_relatives", "night": date(2026, 3, 11)})])
    assert list(caught.value.errors) == ["relatives_nights[0].night"]
