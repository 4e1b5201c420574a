"""Private-car fuel efficiencies as dated versions (공무원 여비 규정 별표 2 비고 제4호, 인사혁신처
criteria)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from workflow.ruledata import RulesError, ascending, effective, load_json, require

DATA_FILE = Path(__file__).parent / "data" / "fuel.json"


@dataclass(frozen=True)
class FuelTable:
    """One version of the efficiencies: km per litre (electric: per kWh)."""

    effective: date
    label: str
    confirmed: bool
    source: str
    note: str
    km_per_unit: Mapping[str, Decimal]


def _efficiency(value: object, where: str) -> Decimal:
    # Decimal strings in the data so that no float touches money.
    require(isinstance(value, str), where, "must be a decimal string such as \"13.30\"")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise RulesError(f"{where}: not a number") from None
    require(number.is_finite() and number > 0, where, "must be above 0")
    return number


def _table(raw: dict, where: str, units: Mapping[str, str]) -> FuelTable:
    require(isinstance(raw, dict), where, "must be an object")
    table = raw.get("km_per_unit")
    require(isinstance(table, dict) and table, f"{where}.km_per_unit", "must map fuel types to efficiencies")
    require(set(table) <= set(units), f"{where}.km_per_unit", "every fuel type needs a unit in `units`")
    require(isinstance(raw.get("confirmed"), bool), f"{where}.confirmed", "must be true or false")
    require(isinstance(raw.get("source"), str) and raw["source"].strip(), f"{where}.source",
            "every version names its source")
    require(raw["confirmed"] or bool(raw.get("note")), f"{where}.note",
            "an unconfirmed version carries the note shown on the statement line")
    return FuelTable(effective(raw, where), str(raw.get("label", "")), raw["confirmed"], raw["source"],
                     str(raw.get("note", "")),
                     MappingProxyType({k: _efficiency(v, f"{where}.km_per_unit.{k}")
                                       for k, v in table.items()}))


@lru_cache(maxsize=1)
def _data() -> tuple[tuple[FuelTable, ...], Mapping[str, str]]:
    raw = load_json(DATA_FILE)
    units = raw.get("units")
    require(isinstance(units, dict) and units, f"{DATA_FILE.name}.units", "must map fuel types to units")
    versions = raw.get("versions")
    require(isinstance(versions, list) and versions, f"{DATA_FILE.name}.versions", "must be a non-empty list")
    tables = tuple(_table(v, f"{DATA_FILE.name}: versions[{i}]", units) for i, v in enumerate(versions))
    ascending([t.effective for t in tables], f"{DATA_FILE.name}: versions")
    return tables, MappingProxyType(dict(units))


def all_fuel_versions() -> tuple[FuelTable, ...]:
    """Every version of the efficiencies, oldest first."""
    return _data()[0]


def fuel_types() -> frozenset[str]:
    """Every fuel type any version knows (gasoline, diesel, lpg, hybrid, plugin_hybrid, electric)."""
    return frozenset(_data()[1])


def unit_of(fuel_type: str) -> str:
    """'L' or 'kWh'."""
    return _data()[1][fuel_type]


def fuel_in_force(on: date) -> FuelTable | None:
    """The efficiencies in force on `on`, or None before the first version."""
    current = None
    for table in all_fuel_versions():
        if table.effective <= on:
            current = table
    return current
