"""Flags, the statement's JSON form, input errors, the rate versions and the CLI of workflow.allowances."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.allowances import CaseError, calculate_statement, case_from_dict, rates_in_force
from workflow.rates import NoRatesInForce, all_versions

REPO = Path(__file__).resolve().parents[3]

EXAMPLE = {
    "grade": 2, "start_at": "2025-03-10T07:30+09:00", "end_at": "2025-03-12T20:10+09:00",
    "destination": "부산광역시", "within_duty_area": False, "duty_area_hours": None,
    "official_vehicle": False, "expenses": [
        {"kind": "fare", "mode": "rail", "seat_class": "일반실", "amount": 59800},
        {"kind": "lodging", "night": "2025-03-10", "amount": 78000},
        {"kind": "lodging_with_relatives", "night": "2025-03-11"},
    ],
}


def body(**fields) -> dict:
    data = json.loads(json.dumps(EXAMPLE))
    data.update(fields)
    return data


def statement_of(**fields):
    return calculate_statement(case_from_dict(body(**fields)))


# --- flags ---------------------------------------------------------------------------------------

def test_lodging_capped_flag_says_how_much_was_cut():
    s = statement_of(destination="서울",
                     expenses=[{"kind": "lodging", "night": "2025-03-10", "amount": 130000}])
    (flag,) = s.flags
    assert flag.code == "lodging_capped" and flag.blocking is False
    assert "30,000원" in flag.message
    assert flag.ref == 0


def test_justified_lodging_flag_blocks_and_quotes_the_reason():
    s = statement_of(destination="서울", expenses=[
        {"kind": "lodging", "night": "2025-03-11", "amount": 120000, "justification": "학회 숙소"}])
    (flag,) = s.flags
    assert (flag.code, flag.blocking, flag.ref) == ("lodging_over_cap_justified", True, 0)
    assert "학회 숙소" in flag.message
    assert s.needs_review


def test_blank_justification_counts_as_none():
    s = statement_of(destination="서울", expenses=[
        {"kind": "lodging", "night": "2025-03-11", "amount": 120000, "justification": "  "}])
    assert [f.code for f in s.flags] == ["lodging_capped"]


def test_justification_under_the_cap_raises_no_flag():
    s = statement_of(expenses=[{"kind": "lodging", "night": "2025-03-10", "amount": 50000,
                                "justification": "x"}])
    assert s.flags == ()


def test_first_class_flag_points_at_the_expense():
    s = statement_of(expenses=[{"kind": "fare", "mode": "bus", "amount": 30000},
                               {"kind": "fare", "mode": "rail", "seat_class": "특실", "amount": 83700}])
    (flag,) = s.flags
    assert (flag.code, flag.blocking, flag.ref) == ("class_above_entitlement", True, 1)


def test_fare_check_uses_the_fare_date_when_given():
    # SRT 수서-부산 has no reference fare before 2016-12-09: a fare dated earlier is not checked.
    fare = {"kind": "fare", "mode": "rail", "amount": 90000, "origin": "수서", "destination": "부산"}
    # 90,000 against SRT's 52,600 is past the blocking threshold (workflow.fares.FARE_THRESHOLDS).
    assert [f.code for f in statement_of(expenses=[fare]).flags] == ["fare_far_above_tariff"]
    assert statement_of(expenses=[dict(fare, date="2016-01-01")]).flags == ()


def test_long_stay_flag_says_how_much_was_withheld():
    s = statement_of(start_at="2025-05-01T09:00+09:00", end_at="2025-05-18T18:00+09:00", expenses=[])
    (flag,) = s.flags
    # trip days 17 and 18 are stay days 16 and 17 (from the day after arrival): 2 x 2,500 = 5,000
    assert "5,000원" in flag.message and flag.blocking is False and flag.ref is None


# --- the statement as JSON ------------------------------------------------------------------------

def test_to_dict_has_lines_flags_total_as_plain_json():
    d = statement_of().to_dict()
    assert d["total"] == 307800
    assert d["needs_review"] is False
    assert d["rates_effective"] == "2023-03-02"
    assert d["lines"][0] == {"item": "daily", "quantity": 3, "unit_amount": 25000, "amount": 75000,
                             "rule": "공무원 여비 규정 제16조③", "note": "1~3일째"}
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d


def test_flags_serialise_with_code_message_blocking_ref_and_the_registry_level():
    d = statement_of(destination="서울", expenses=[
        {"kind": "lodging", "night": "2025-03-10", "amount": 130000}]).to_dict()
    assert {"code", "message", "blocking", "ref"} <= set(d["flags"][0])
    assert (d["flags"][0]["level"], d["flags"][0]["source"]) == ("info", "공무원 여비 규정 제16조①, 별표 2")


# --- rate versions --------------------------------------------------------------------------------

def test_rates_change_on_2023_03_02():
    old, new = rates_in_force(date(2023, 3, 1)), rates_in_force(date(2023, 3, 2))
    assert (old.daily_allowance, old.meal_allowance, dict(old.lodging_caps)) == (
        20000, 20000, {"seoul": 70000, "metro": 60000, "other": 50000})
    assert (new.daily_allowance, new.meal_allowance, dict(new.lodging_caps)) == (
        25000, 25000, {"seoul": 100000, "metro": 80000, "other": 70000})
    assert rates_in_force(date(2026, 11, 25)) == new


def test_no_rates_before_the_first_version():
    first = all_versions()[0].effective
    with pytest.raises(NoRatesInForce):
        rates_in_force(date.fromordinal(first.toordinal() - 1))


def test_every_version_names_its_sources():
    assert all(v.sources for v in all_versions())


# --- bad input ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"grade": 3}, "grade"),
        ({"grade": True}, "grade"),
        ({"grade": "2"}, "grade"),
        ({"start_at": None}, "start_at"),
        ({"start_at": "10 March"}, "start_at"),
        ({"end_at": "2025-03-09T20:00+09:00"}, "end_at"),
        ({"start_at": "2017-03-10T09:00+09:00", "end_at": "2017-03-10T18:00+09:00", "expenses": []},
         "start_at"),
        ({"destination": ""}, "destination"),
        ({"destination_region": "busan"}, "destination_region"),
        ({"official_vehicle": "yes"}, "official_vehicle"),
        ({"duty_area_hours": -1, "within_duty_area": True, "expenses": [],
          "end_at": "2025-03-10T18:00+09:00"}, "duty_area_hours"),
        ({"duty_area_hours": 25, "within_duty_area": True, "expenses": [],
          "end_at": "2025-03-10T18:00+09:00"}, "duty_area_hours"),
        ({"within_duty_area": True, "expenses": []}, "end_at"),  # a duty-area trip over three days
        ({"within_duty_area": True, "end_at": "2025-03-10T18:00+09:00",
          "expenses": [{"kind": "toll", "amount": 1000}]}, "expenses[0].kind"),
        ({"expenses": {"kind": "toll"}}, "expenses"),
        ({"expenses": ["toll"]}, "expenses[0]"),
        ({"expenses": [{"kind": "meal", "amount": 1}]}, "expenses[0].kind"),
        ({"expenses": [{"kind": "fare", "mode": "rocket", "amount": 1}]}, "expenses[0].mode"),
        ({"expenses": [{"kind": "fare", "mode": "rail", "amount": 59800.5}]}, "expenses[0].amount"),
        ({"expenses": [{"kind": "fare", "mode": "rail", "amount": -1}]}, "expenses[0].amount"),
        ({"expenses": [{"kind": "fare", "mode": "rail", "amount": 1, "date": "03/10"}]}, "expenses[0].date"),
        ({"expenses": [{"kind": "lodging", "night": "2025-03-12", "amount": 1}]}, "expenses[0].night"),
        ({"expenses": [{"kind": "lodging", "night": "2025-03-09", "amount": 1}]}, "expenses[0].night"),
        ({"expenses": [{"kind": "lodging", "amount": 1}]}, "expenses[0].night"),
        ({"expenses": [{"kind": "lodging", "night": "2025-03-10", "amount": 1},
                       {"kind": "lodging_with_relatives", "night": "2025-03-10"}]}, "expenses[1].night"),
        ({"expenses": [{"kind": "fuel", "distance_km": 0, "fuel_type": "lpg", "fuel_price": 1000}]},
         "expenses[0].distance_km"),
        ({"expenses": [{"kind": "fuel", "distance_km": "abc", "fuel_type": "lpg", "fuel_price": 1000}]},
         "expenses[0].distance_km"),
        ({"expenses": [{"kind": "fuel", "distance_km": 10, "fuel_type": "hydrogen", "fuel_price": 1000}]},
         "expenses[0].fuel_type"),
        ({"expenses": [{"kind": "fuel", "distance_km": 10, "fuel_type": "lpg", "fuel_price": 0}]},
         "expenses[0].fuel_price"),
        ({"expenses": [{"kind": "toll"}]}, "expenses[0].amount"),
    ],
)
def test_bad_field_raises_case_error_keyed_by_field(fields, key):
    with pytest.raises(CaseError) as info:
        case_from_dict(body(**fields))
    assert key in info.value.errors
    assert isinstance(info.value, ValueError)


def test_case_error_collects_every_bad_field():
    with pytest.raises(CaseError) as info:
        case_from_dict({"grade": 5, "start_at": "x", "end_at": "y", "destination": 7})
    assert set(info.value.errors) == {"grade", "start_at", "end_at", "destination"}


def test_body_must_be_an_object():
    with pytest.raises(CaseError) as info:
        case_from_dict([1, 2])
    assert info.value.errors == {"body": "JSON 객체여야 합니다"}


def test_time_without_offset_is_read_as_seoul_time():
    case = case_from_dict(body(start_at="2025-03-10T07:30", end_at="2025-03-12T20:10"))
    assert case.start_at.utcoffset().total_seconds() == 9 * 3600
    assert calculate_statement(case).total == 307800


def test_missing_optional_fields_take_defaults():
    case = case_from_dict({"grade": 1, "start_at": "2025-03-10T09:00+09:00",
                           "end_at": "2025-03-10T10:00+09:00", "destination": "울산"})
    assert (case.within_duty_area, case.official_vehicle, case.expenses,
            case.region) == (False, False, (), "metro")


# --- properties -----------------------------------------------------------------------------------

@settings(max_examples=60, database=None, deadline=None)
@given(days=st.integers(1, 90), vehicle=st.booleans(), grade=st.sampled_from([1, 2]),
       amount=st.integers(0, 400000), justified=st.booleans())
def test_statement_invariants(days, vehicle, grade, amount, justified):
    start = date(2025, 1, 1)
    end = date.fromordinal(start.toordinal() + days - 1)
    night = {"kind": "lodging", "night": start.isoformat(), "amount": amount}
    if justified:
        night["justification"] = "사유"
    expenses = [night] if days > 1 else []
    s = statement_of(grade=grade, official_vehicle=vehicle, start_at=f"{start}T09:00+09:00",
                     end_at=f"{end}T18:00+09:00", destination="서울", expenses=expenses)
    assert s.total == sum(line.amount for line in s.lines)
    assert all(line.amount == line.quantity * line.unit_amount >= 0 for line in s.lines)
    assert sum(line.quantity for line in s.lines if line.item == "daily") == days
    daily_units = [line.unit_amount for line in s.lines if line.item == "daily"]
    assert daily_units == sorted(daily_units, reverse=True)
    paid = [line.amount for line in s.lines if line.item == "lodging"]
    if paid:
        assert paid[0] <= amount
        if grade == 2:
            assert paid[0] <= (130000 if justified else 100000)


# --- CLI ------------------------------------------------------------------------------------------

def run_cli(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workflow.allowances", *args], input=stdin, cwd=REPO,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


def test_cli_prints_the_statement_of_a_file(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(EXAMPLE, ensure_ascii=False), encoding="utf-8")
    result = run_cli(str(path))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["total"] == 307800
    assert [line["item"] for line in out["lines"]] == ["daily", "meal", "fare", "lodging", "lodging"]


def test_cli_reads_stdin_with_dash():
    result = run_cli("-", stdin=json.dumps(EXAMPLE))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 307800


def test_cli_prints_errors_and_exits_2_on_bad_case():
    result = run_cli("-", stdin=json.dumps(body(grade=9)))
    assert result.returncode == 2
    assert "grade" in json.loads(result.stderr)["errors"]
    assert result.stdout == ""


def test_cli_exits_2_on_invalid_json():
    result = run_cli("-", stdin="{not json")
    assert result.returncode == 2
    assert "body" in json.loads(result.stderr)["errors"]


def test_cli_exits_2_on_missing_file(tmp_path):
    result = run_cli(str(tmp_path / "absent.json"))
    assert result.returncode == 2
    assert "file" in json.loads(result.stderr)["errors"]


def test_cli_exits_2_without_argument():
    assert run_cli().returncode == 2
