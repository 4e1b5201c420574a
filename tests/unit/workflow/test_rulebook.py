"""The rules as dated data: each file is checked on load, and the table in force names its sources."""
from __future__ import annotations

import json
from datetime import date

import pytest

from workflow import fuel, rates, regions
from workflow.fuel import fuel_in_force
from workflow.rulebook import RulesError, load_rules, rules_in_force


@pytest.fixture
def broken(tmp_path, monkeypatch):
    """Write an edited copy of one data file and point its module at it; caches cleared around."""
    caches = (rates.all_versions, fuel._data, regions._data, regions._with_changes)

    def write(module, edit):
        raw = json.loads(module.DATA_FILE.read_text(encoding="utf-8"))
        edit(raw)
        path = tmp_path / module.DATA_FILE.name
        path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
        monkeypatch.setattr(module, "DATA_FILE", path)
        for cache in caches:
            cache.cache_clear()

    yield write
    monkeypatch.undo()
    for cache in caches:
        cache.cache_clear()


def test_the_shipped_rules_load():
    load_rules()


def test_an_amount_without_its_source_is_refused(broken):
    broken(rates, lambda raw: raw["versions"][1]["sources"].pop("meal_allowance"))
    with pytest.raises(RulesError, match=r"versions\[1\]\.sources\.meal_allowance"):
        load_rules()


def test_a_negative_amount_is_refused(broken):
    broken(rates, lambda raw: raw["versions"][0].update(daily_allowance=-1))
    with pytest.raises(RulesError, match=r"versions\[0\]\.daily_allowance"):
        load_rules()


def test_a_version_asking_for_the_제7조_split_is_refused_until_modelled(broken):
    broken(rates, lambda raw: raw["versions"][1].update(crossing="split"))
    with pytest.raises(RulesError, match="crossing"):
        load_rules()


def test_versions_out_of_order_are_refused(broken):
    broken(rates, lambda raw: raw["versions"].reverse())
    with pytest.raises(RulesError, match="ascending"):
        load_rules()


def test_an_unconfirmed_efficiency_must_carry_its_note(broken):
    broken(fuel, lambda raw: raw["versions"][1].pop("note"))
    with pytest.raises(RulesError, match=r"fuel\.json: versions\[1\]\.note"):
        load_rules()


def test_an_efficiency_as_a_float_is_refused(broken):
    broken(fuel, lambda raw: raw["versions"][0]["km_per_unit"].update(gasoline=13.3))
    with pytest.raises(RulesError, match="gasoline"):
        load_rules()


def test_a_region_change_without_source_is_refused(broken):
    broken(regions, lambda raw: raw["changes"][0].pop("source"))
    with pytest.raises(RulesError, match=r"changes\[0\]\.source"):
        load_rules()


def test_a_file_that_is_not_json_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "rates.json"
    path.write_text("{oops", encoding="utf-8")
    monkeypatch.setattr(rates, "DATA_FILE", path)
    rates.all_versions.cache_clear()
    try:
        with pytest.raises(RulesError, match="rates.json: not JSON"):
            load_rules()
    finally:
        monkeypatch.undo()
        rates.all_versions.cache_clear()


def test_fuel_efficiencies_change_on_2023_01_18():
    assert fuel_in_force(date(2023, 1, 17)).km_per_unit["gasoline"] == fuel.Decimal("13.30")
    newer = fuel_in_force(date(2023, 1, 18))
    assert (newer.km_per_unit["gasoline"], newer.km_per_unit["electric"]) == (
        fuel.Decimal("11.97"), fuel.Decimal("5.22"))
    assert newer.confirmed is False and "hybrid" not in fuel_in_force(date(2022, 1, 1)).km_per_unit


def test_the_table_in_force_names_each_rule_and_its_source():
    table, rows = rules_in_force(date(2026, 11, 1))
    assert table.effective == date(2023, 3, 2)
    by_rule = {row.rule: row for row in rows}
    assert by_rule["일비 (1일)"].value == "25,000원"
    assert "제33312호" in by_rule["일비 (1일)"].source
    assert "미확인" in by_rule["자가용 연비"].caveat
    assert any("전남광주통합특별시" in row.value for row in rows)
    assert all(row.source for row in rows)


def test_region_changes_wait_for_their_day():
    _, rows = rules_in_force(date(2026, 6, 30))
    assert not any(row.rule == "지역 변경" for row in rows)
