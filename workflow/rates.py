"""공무원 여비 규정 amounts as versioned data: the table in force on a given day."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

DATA_FILE = Path(__file__).parent / "data" / "rates.json"


class NoRatesInForce(LookupError):
    """No version of the regulation in our data covers the requested day."""


@dataclass(frozen=True)
class DutyAreaRates:
    """근무지 내 출장 amounts (공무원 여비 규정 제18조)."""

    threshold_hours: int
    under_threshold: int
    from_threshold: int
    official_vehicle_less: int
    daily_max: int


@dataclass(frozen=True)
class RateTable:
    """One version of the amounts and caps, in force from `effective` until the next version."""

    effective: date
    label: str
    daily_allowance: int
    meal_allowance: int
    lodging_caps: Mapping[str, int]
    lodging_over_cap_tenths: int
    relatives_per_night: int
    official_vehicle_daily_divisor: int
    long_stay: tuple[tuple[int, int], ...]  # (after_days, tenths withheld), ascending
    duty_area: DutyAreaRates
    fuel_km_per_litre: Mapping[str, Decimal]
    sources: tuple[str, ...]


def _table(raw: dict) -> RateTable:
    return RateTable(
        effective=date.fromisoformat(raw["effective"]),
        label=raw["label"],
        daily_allowance=raw["daily_allowance"],
        meal_allowance=raw["meal_allowance"],
        lodging_caps=MappingProxyType(dict(raw["lodging_caps"])),
        lodging_over_cap_tenths=raw["lodging_over_cap_tenths"],
        relatives_per_night=raw["relatives_per_night"],
        official_vehicle_daily_divisor=raw["official_vehicle_daily_divisor"],
        long_stay=tuple(sorted((s["after_days"], s["tenths"]) for s in raw["long_stay"])),
        duty_area=DutyAreaRates(**raw["duty_area"]),
        # Efficiencies are decimal strings in the data so that no float touches money.
        fuel_km_per_litre=MappingProxyType({k: Decimal(v) for k, v in raw["fuel_km_per_litre"].items()}),
        sources=tuple(raw["sources"]),
    )


@lru_cache(maxsize=1)
def all_versions() -> tuple[RateTable, ...]:
    """Every version in the data file, oldest first."""
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(sorted((_table(v) for v in raw["versions"]), key=lambda t: t.effective))


def rates_in_force(on: date) -> RateTable:
    """The version in force on `on` (the trip's start date); raises NoRatesInForce before the first."""
    current = None
    for table in all_versions():
        if table.effective <= on:
            current = table
    if current is None:
        raise NoRatesInForce(f"no travel-expense rates in our data before {all_versions()[0].effective}")
    return current
