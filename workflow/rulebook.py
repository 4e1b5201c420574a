"""All the rules' data at once: checked at start-up, and the table in force on a day for people to read."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workflow import fuel, rates, regions
from workflow.ruledata import RulesError

__all__ = ["RuleRow", "RulesError", "load_rules", "rules_in_force"]


@dataclass(frozen=True)
class RuleRow:
    """One rule as printed by `flask rules show`: what, the value, since when, and where it comes from."""

    rule: str
    value: str
    effective: date
    source: str
    caveat: str = ""


def load_rules() -> None:
    """Load and check every rules data file; raises RulesError naming the file, entry and field."""
    rates.all_versions()
    fuel.all_fuel_versions()
    regions.changes()
    regions.region_class("서울")


def _krw(value: int) -> str:
    return f"{value:,}원"


def _rate_rows(t: rates.RateTable) -> list[RuleRow]:
    src, sec = t.sources, t.secondary
    caps = ", ".join(f"{regions.CLASS_LABELS[k]} {_krw(v)}" for k, v in sorted(
        t.lodging_caps.items(), key=lambda kv: -kv[1]))
    da = t.duty_area
    stay = ", ".join(f"{after}일 초과 {tenths}/10" for after, tenths in t.long_stay)
    num, den = t.meal_deduction_per_meal
    values = {
        "daily_allowance": ("일비 (1일)", _krw(t.daily_allowance)),
        "meal_allowance": ("식비 (1일)", _krw(t.meal_allowance)),
        "lodging_caps": ("숙박비 상한 (제2호, 1박)", caps),
        "lodging_over_cap_tenths": ("부득이한 초과 숙박", f"상한의 {t.lodging_over_cap_tenths}/10 이내"),
        "relatives_per_night": ("친지 집 숙박 (1박)", _krw(t.relatives_per_night)),
        "shared_lodging_per_person": ("공동 숙박, 숙박비를 내지 않은 1인 (1박)",
                                      _krw(t.shared_lodging_per_person)),
        "official_vehicle_daily_divisor": ("공무용 차량 이용일 일비",
                                           f"1/{t.official_vehicle_daily_divisor}"),
        "long_stay": ("장기체재 일비 감액 (도착 다음 날부터)", stay),
        "duty_area": ("근무지 내 출장", f"{da.threshold_hours}시간 이상 {_krw(da.from_threshold)}, 미만 "
                                      f"{_krw(da.under_threshold)}, "
                                      f"공무용 차량 {_krw(da.official_vehicle_less)} 감액, "
                                      f"1일 최고 {_krw(da.daily_max)}"),
        "evidence_days": ("운임·숙박비 증빙 기한", f"출장 후 {t.evidence_days}일"),
        "card_slip_days": ("초과 숙박 카드 매출전표 기한", f"출장 후 {t.card_slip_days}일"),
        "meal_deduction_per_meal": ("제공된 식사 1끼 감액 (MEAL_DEDUCTION=third_per_meal)",
                                    f"식비의 {num}/{den}"),
    }
    return [RuleRow(label, value, t.effective, src[key], sec.get(key, ""))
            for key, (label, value) in values.items()]


def _fuel_rows(on: date) -> list[RuleRow]:
    table = fuel.fuel_in_force(on)
    if table is None:
        return []
    value = ", ".join(f"{k} {v}km/{fuel.unit_of(k)}" for k, v in table.km_per_unit.items())
    return [RuleRow("자가용 연비", value, table.effective, table.source,
                    "" if table.confirmed else table.note)]


def _region_rows(on: date) -> list[RuleRow]:
    rows = [RuleRow("숙박비 지역 구분", "서울특별시 / 광역시 / 그 밖의 지역 (세종·제주는 그 밖의 지역)",
                    date.min, regions.base_source())]
    for change in regions.changes():
        day = date.fromisoformat(change["effective"])
        if day <= on:
            what = (f"{change['sido']} {', '.join(change['add'])}" if change["kind"] == "districts"
                    else f"{change['name']} (옛 {', '.join(change['former'])})")
            rows.append(RuleRow("지역 변경", what, day, change["source"], change.get("note", "")))
    return rows


def rules_in_force(on: date) -> tuple[rates.RateTable, list[RuleRow]]:
    """The amounts version in force on `on` and every rule row that applies to a trip starting then."""
    table = rates.rates_in_force(on)
    return table, _rate_rows(table) + _fuel_rows(on) + _region_rows(on)
