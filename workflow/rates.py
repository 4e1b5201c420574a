"""공무원 여비 규정 amounts as versioned data: the table in force on a given day.

Each version of data/rates.json is checked when it is loaded (the app factory loads it at start-up), so a
broken file stops the service with a message naming the version and the field.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from workflow.ruledata import RulesError, amount, ascending, effective, load_json, require

DATA_FILE = Path(__file__).parent / "data" / "rates.json"
REGION_KEYS = frozenset({"seoul", "metro", "other"})
# A trip crossing into a version stays under its start date's version (부칙 제33312호 제2조); the 제7조①
# split is not modelled, so a version asking for it is refused rather than computed wrongly.
CROSSINGS = frozenset({"start_date"})
AMOUNT_FIELDS = ("daily_allowance", "meal_allowance", "lodging_over_cap_tenths", "relatives_per_night",
                 "shared_lodging_per_person", "official_vehicle_daily_divisor", "evidence_days",
                 "card_slip_days")
SOURCED_FIELDS = AMOUNT_FIELDS + ("lodging_caps", "long_stay", "duty_area", "meal_deduction_per_meal")


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
    crossing: str
    daily_allowance: int
    meal_allowance: int
    lodging_caps: Mapping[str, int]
    lodging_over_cap_tenths: int
    relatives_per_night: int
    shared_lodging_per_person: int
    official_vehicle_daily_divisor: int
    long_stay: tuple[tuple[int, int], ...]  # (after_days, tenths withheld), ascending
    duty_area: DutyAreaRates
    evidence_days: int
    card_slip_days: int
    meal_deduction_per_meal: tuple[int, int]  # (numerator, denominator) of the day's 식비
    sources: Mapping[str, str]
    secondary: Mapping[str, str]  # field -> the note a line computed from it carries


def _table(raw: dict, where: str) -> RateTable:
    require(isinstance(raw, dict), where, "must be an object")
    values = {k: amount(raw, k, where) for k in AMOUNT_FIELDS}
    require(values["official_vehicle_daily_divisor"] >= 1, f"{where}.official_vehicle_daily_divisor",
            "must be at least 1")
    caps = raw.get("lodging_caps")
    require(isinstance(caps, dict) and set(caps) == REGION_KEYS, f"{where}.lodging_caps",
            f"must have exactly {', '.join(sorted(REGION_KEYS))}")
    for key in caps:
        amount(caps, key, f"{where}.lodging_caps")
    stay = raw.get("long_stay")
    require(isinstance(stay, list) and stay, f"{where}.long_stay", "must be a non-empty list")
    for i, step in enumerate(stay):
        require(isinstance(step, dict), f"{where}.long_stay[{i}]", "must be an object")
        amount(step, "after_days", f"{where}.long_stay[{i}]")
        require(amount(step, "tenths", f"{where}.long_stay[{i}]") <= 10, f"{where}.long_stay[{i}].tenths",
                "must be at most 10")
    duty = raw.get("duty_area")
    require(isinstance(duty, dict), f"{where}.duty_area", "must be an object")
    duty_area = DutyAreaRates(**{k: amount(duty, k, f"{where}.duty_area")
                                 for k in DutyAreaRates.__dataclass_fields__})
    fraction = raw.get("meal_deduction_per_meal")
    require(isinstance(fraction, list) and len(fraction) == 2 and all(
        isinstance(n, int) and n > 0 for n in fraction), f"{where}.meal_deduction_per_meal",
        "must be [numerator, denominator]")
    sources, secondary = raw.get("sources"), raw.get("secondary", {})
    require(isinstance(sources, dict), f"{where}.sources", "must map each amount to its source")
    for key in SOURCED_FIELDS:
        require(isinstance(sources.get(key), str) and sources[key].strip(), f"{where}.sources.{key}",
                "every amount names its source")
    require(isinstance(secondary, dict) and set(secondary) <= set(SOURCED_FIELDS), f"{where}.secondary",
            "must map amount fields to notes")
    require(raw.get("crossing") in CROSSINGS, f"{where}.crossing",
            f"must be one of {', '.join(sorted(CROSSINGS))} (the 제7조① split is not modelled)")
    require(isinstance(raw.get("label"), str), f"{where}.label", "must be text")
    return RateTable(
        effective=effective(raw, where), label=raw["label"], crossing=raw["crossing"],
        lodging_caps=MappingProxyType(dict(caps)),
        long_stay=tuple(sorted((s["after_days"], s["tenths"]) for s in stay)),
        duty_area=duty_area, meal_deduction_per_meal=(fraction[0], fraction[1]),
        sources=MappingProxyType(dict(sources)), secondary=MappingProxyType(dict(secondary)), **values,
    )


@lru_cache(maxsize=1)
def all_versions() -> tuple[RateTable, ...]:
    """Every version in the data file, oldest first; RulesError if the file is broken."""
    raw = load_json(DATA_FILE)
    versions = raw.get("versions")
    require(isinstance(versions, list) and versions, f"{DATA_FILE.name}.versions", "must be a non-empty list")
    tables = [_table(v, f"{DATA_FILE.name}: versions[{i}]") for i, v in enumerate(versions)]
    ascending([t.effective for t in tables], f"{DATA_FILE.name}: versions")
    return tuple(tables)


def rates_in_force(on: date) -> RateTable:
    """The version in force on `on` (the trip's start date); raises NoRatesInForce before the first."""
    current = None
    for table in all_versions():
        if table.effective <= on:
            current = table
    if current is None:
        raise NoRatesInForce(f"no travel-expense rates in our data before {all_versions()[0].effective}")
    return current


def next_version_after(on: date) -> RateTable | None:
    """The first version that takes effect after `on`, if any (a trip may cross into it)."""
    return next((t for t in all_versions() if t.effective > on), None)


__all__ = ["DutyAreaRates", "NoRatesInForce", "RateTable", "RulesError", "all_versions",
           "next_version_after", "rates_in_force"]
