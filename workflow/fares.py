"""Reference rail and express-bus fares by route, and the check of a paid fare against them."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from workflow.bounds import REVIEW_LIMITS
from workflow.flags import Flag, flag

DATA_FILE = Path(__file__).parent / "data" / "fares.json"

# One fare check, two thresholds (percent over the route's reference fare), dearest first: discounts,
# surcharges and small tariff changes stay under 5%; a wrong route or a class upgrade does not, so it is a
# notice; past 20% (room for surcharges and tariff changes not yet in the data) a person must decide.
FARE_THRESHOLDS = ((REVIEW_LIMITS["fare_over_tariff_percent"], "fare_far_above_tariff"),
                   (5, "fare_above_tariff"))

SEAT_CLASSES = {
    "일반실": "일반실", "일반": "일반실", "standard": "일반실", "economy": "일반실",
    "특실": "특실", "first": "특실",
    "우등": "우등", "프리미엄": "프리미엄", "premium": "프리미엄",
}
BUS_CLASSES = {"일반실": "일반"}


@dataclass(frozen=True)
class Fare:
    """One reference fare: a route, a class and the day it takes effect."""

    mode: str
    service: str
    route: frozenset[str]
    seat_class: str
    fare: int
    effective: date
    sources: tuple[str, ...]
    note: str


@lru_cache(maxsize=1)
def _data() -> tuple[dict[str, dict[str, str]], tuple[Fare, ...]]:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    aliases = {
        mode: {alias: canon for canon, names in groups.items() for alias in names}
        for mode, groups in raw["aliases"].items()
    }
    fares = tuple(
        Fare(f["mode"], f["service"], frozenset(f["route"]), f["seat_class"], f["fare"],
             date.fromisoformat(f["effective"]), tuple(f["sources"]), f.get("note", ""))
        for f in raw["fares"]
    )
    return aliases, fares


def all_fares() -> tuple[Fare, ...]:
    """Every reference fare in the data file."""
    return _data()[1]


def _station(mode: str, name: str) -> str:
    name = "".join((name or "").split())
    return _data()[0].get(mode, {}).get(name, name)


def _seat_class(mode: str, seat_class: str | None) -> str:
    raw = (seat_class or "일반실").strip()
    canon = SEAT_CLASSES.get(raw.lower(), raw)
    return BUS_CLASSES.get(canon, canon) if mode == "bus" else canon


def reference_fare(mode: str, origin: str, destination: str, seat_class: str | None, on: date) -> int | None:
    """The reference fare in force on `on` for the route (either direction), or None if unknown."""
    route = frozenset({_station(mode, origin), _station(mode, destination)})
    wanted = _seat_class(mode, seat_class)
    best: dict[str, Fare] = {}
    for fare in all_fares():
        if fare.mode == mode and fare.route == route and fare.seat_class == wanted and fare.effective <= on:
            current = best.get(fare.service)
            if current is None or fare.effective > current.effective:
                best[fare.service] = fare
    # Several services on one route (KTX, ITX, ...): the dearest is the ceiling we check against.
    return max((f.fare for f in best.values()), default=None)


def fare_flag(mode: str, origin: str, destination: str, seat_class: str | None, amount: int,
              on: date, **where) -> Flag | None:
    """The one fare check: the first threshold of FARE_THRESHOLDS `amount` passes, or None.

    `where` names what the flag concerns (receipt_id, ref)."""
    reference = reference_fare(mode, origin, destination, seat_class, on)
    if reference is None:
        return None
    for percent, code in FARE_THRESHOLDS:
        if amount * 100 > reference * (100 + percent):
            return flag(code, f"{origin}-{destination} {_seat_class(mode, seat_class)} 운임 {amount:,}원이 "
                              f"기준운임 {reference:,}원보다 {percent}% 넘게 많습니다. 노선과 좌석 등급을 "
                              "확인하세요.", **where)
    return None


def is_first_class(seat_class: str | None) -> bool:
    """A 특실 ticket, however it is written (특실, first)."""
    return _seat_class("rail", seat_class) == "특실"


def first_class_flag(grade: int, mode: str, seat_class: str | None, amount: int | None,
                     **where) -> Flag | None:
    """A 특실 rail fare for a 제2호 traveler (공무원 여비 규정 별표 2: 제2호 일반실), blocking.

    Only the approver can tell an entitled exception from an upgrade, so the amount is never cut here."""
    if grade != 2 or mode != "rail" or not is_first_class(seat_class):
        return None
    paid = f" {amount:,}원" if isinstance(amount, int) else ""
    return flag("class_above_entitlement",
                f"제2호 여행자의 철도 특실 운임{paid}입니다 (공무원 여비 규정 별표 2: 일반실). "
                "승인자가 일반실 운임과의 차액 인정 여부를 검토해야 정산할 수 있습니다.", **where)
