"""A trip to settle, read and checked from a JSON body; bad input raises CaseError per field."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from workflow import bounds
from workflow.rates import NoRatesInForce, rates_in_force
from workflow.regions import REGION_CLASSES, region_class

try:
    KST = ZoneInfo("Asia/Seoul")
except ZoneInfoNotFoundError:  # no tz database on the host: Korea has kept UTC+9 without DST since 1988
    KST = timezone(timedelta(hours=9), "KST")

FARE_MODES = frozenset({"rail", "bus", "air", "taxi", "ship"})
FUEL_TYPES = frozenset({"gasoline", "diesel", "lpg"})


class CaseError(ValueError):
    """The body does not describe a trip we can compute; `errors` maps each field to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


@dataclass(frozen=True)
class Fare:
    index: int
    mode: str
    amount: int
    seat_class: str | None = None
    receipt_id: str | None = None
    day: date | None = None  # the "date" field of the body: the travel date on the ticket
    origin: str | None = None
    destination: str | None = None


@dataclass(frozen=True)
class Lodging:
    index: int
    night: date
    amount: int
    justification: str = ""


@dataclass(frozen=True)
class LodgingWithRelatives:
    index: int
    night: date


@dataclass(frozen=True)
class Fuel:
    index: int
    distance_km: Decimal
    fuel_type: str
    fuel_price: int


@dataclass(frozen=True)
class Toll:
    index: int
    amount: int


Expense = Fare | Lodging | LodgingWithRelatives | Fuel | Toll


@dataclass(frozen=True)
class TripCase:
    """Everything calculate_statement() needs; times are aware and in Asia/Seoul."""

    grade: int
    start_at: datetime
    end_at: datetime
    destination: str
    region: str
    within_duty_area: bool = False
    duty_area_hours: Decimal | None = None
    official_vehicle: bool = False
    expenses: tuple[Expense, ...] = ()

    @property
    def travel_dates(self) -> list[date]:
        """Calendar days in Asia/Seoul from start to end, both included (공무원 여비 규정 제5조)."""
        first, last = self.start_at.date(), self.end_at.date()
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]


class _Reader:
    """Reads fields out of a dict, collecting one message per bad field instead of stopping."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def fail(self, key: str, message: str) -> None:
        self.errors.setdefault(key, message)

    def integer(self, d: dict, key: str, where: str, minimum: int = 0, required: bool = True,
                maximum: int = bounds.MAX_ITEM_KRW) -> int | None:
        value = d.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, "정수(원)여야 합니다")
        elif value < minimum:
            self.fail(where, f"{minimum} 이상이어야 합니다")
        elif value > maximum:  # workflow.bounds: no real item costs more
            self.fail(where, f"{maximum:,} 이하여야 합니다")
        else:
            return value
        return None

    def number(self, d: dict, key: str, where: str,
               maximum: Decimal = bounds.MAX_DISTANCE_KM) -> Decimal | None:
        try:  # bounded before any arithmetic: "1e999999" must not reach the calculator
            return bounds.parse_decimal(d.get(key), maximum=maximum)
        except bounds.BoundError as exc:
            self.fail(where, str(exc))
            return None

    def text(self, d: dict, key: str, where: str, required: bool = False) -> str | None:
        value = d.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(where, "필수 항목입니다")
            return None
        if not isinstance(value, str):
            self.fail(where, "문자열이어야 합니다")
            return None
        try:
            return bounds.check_text(value.strip())
        except bounds.BoundError as exc:
            self.fail(where, str(exc))
            return None

    def flag(self, d: dict, key: str) -> bool:
        value = d.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(key, "true 또는 false여야 합니다")
            return False
        return value

    def day(self, d: dict, key: str, where: str, required: bool = True) -> date | None:
        value = self.text(d, key, where, required=required)
        if value is None:
            return None
        try:
            return bounds.check_date(date.fromisoformat(value))
        except bounds.BoundError as exc:
            self.fail(where, str(exc))
        except ValueError:
            self.fail(where, "YYYY-MM-DD 형식의 날짜여야 합니다")
        return None

    def moment(self, d: dict, key: str) -> datetime | None:
        value = self.text(d, key, key, required=True)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value)
            bounds.check_date(moment.date())
        except bounds.BoundError as exc:
            self.fail(key, str(exc))
            return None
        except ValueError:
            self.fail(key, "ISO 8601 일시여야 합니다 (예: 2025-03-10T07:30+09:00)")
            return None
        # A time without an offset is read as Korean time: every trip here starts in Korea.
        return moment.replace(tzinfo=KST) if moment.tzinfo is None else moment.astimezone(KST)


def _name(value: Any) -> str | None:
    """A string to look up in a set of names; anything else (a list, an object) matches nothing."""
    return value if isinstance(value, str) else None


def _expense(r: _Reader, raw: Any, i: int) -> Expense | None:
    where = f"expenses[{i}]"
    if not isinstance(raw, dict):
        r.fail(where, "객체여야 합니다")
        return None
    kind = raw.get("kind")
    if kind == "fare":
        mode = _name(raw.get("mode"))
        if mode not in FARE_MODES:
            r.fail(f"{where}.mode", f"다음 중 하나여야 합니다: {', '.join(sorted(FARE_MODES))}")
        amount = r.integer(raw, "amount", f"{where}.amount")
        fields = {k: r.text(raw, k, f"{where}.{k}") for k in ("seat_class", "receipt_id", "origin", "destination")}
        day = r.day(raw, "date", f"{where}.date", required=False)
        return Fare(i, mode, amount, day=day, **fields) if mode in FARE_MODES and amount is not None else None
    if kind == "lodging":
        night = r.day(raw, "night", f"{where}.night")
        amount = r.integer(raw, "amount", f"{where}.amount")
        reason = r.text(raw, "justification", f"{where}.justification") or ""
        return Lodging(i, night, amount, reason) if night and amount is not None else None
    if kind == "lodging_with_relatives":
        night = r.day(raw, "night", f"{where}.night")
        return LodgingWithRelatives(i, night) if night else None
    if kind == "fuel":
        distance = r.number(raw, "distance_km", f"{where}.distance_km")
        fuel_type = _name(raw.get("fuel_type"))
        if fuel_type not in FUEL_TYPES:
            r.fail(f"{where}.fuel_type", "gasoline, diesel, lpg 중 하나여야 합니다")
        price = r.integer(raw, "fuel_price", f"{where}.fuel_price", minimum=1,
                          maximum=bounds.MAX_FUEL_PRICE_KRW)
        ok = distance is not None and fuel_type in FUEL_TYPES and price is not None
        return Fuel(i, distance, fuel_type, price) if ok else None
    if kind == "toll":
        amount = r.integer(raw, "amount", f"{where}.amount")
        return Toll(i, amount) if amount is not None else None
    r.fail(f"{where}.kind", "fare, lodging, lodging_with_relatives, fuel, toll 중 하나여야 합니다")
    return None


def _check_nights(r: _Reader, start: date, end: date, expenses: list[Expense]) -> None:
    """A night is the night that begins on that date: from the first day up to the day before the last."""
    seen: dict[date, int] = {}
    for e in expenses:
        if not isinstance(e, (Lodging, LodgingWithRelatives)):
            continue
        where = f"expenses[{e.index}].night"
        if not start <= e.night < end:
            r.fail(where, f"출장 기간의 숙박일({start} ~ {end - timedelta(days=1)})이 아닙니다")
        elif e.night in seen:
            r.fail(where, f"expenses[{seen[e.night]}]과 같은 날 숙박을 두 번 청구했습니다")
        else:
            seen[e.night] = e.index


def _check_duty_area(r: _Reader, start: datetime, end: datetime, expenses: list[Expense]) -> None:
    # 공무원 여비 규정 제18조: the flat amount replaces every other allowance and cost.
    if start.date() != end.date():
        r.fail("end_at", "근무지 내 출장은 하루 안에 끝나야 합니다 (날마다 따로 신청하세요)")
    for e in expenses:
        r.fail(f"expenses[{e.index}].kind", "근무지 내 출장(제18조)에는 운임·숙박비 등을 따로 청구할 수 없습니다")


def case_from_dict(d: dict) -> TripCase:
    """Read a trip body (format in the workflow.allowances docstring) into a TripCase, or raise CaseError."""
    if not isinstance(d, dict):
        raise CaseError({"body": "JSON 객체여야 합니다"})
    r = _Reader()
    grade = d.get("grade")
    if isinstance(grade, bool) or grade not in (1, 2):
        r.fail("grade", "1 (제1호) 또는 2 (제2호)여야 합니다")
    start, end = r.moment(d, "start_at"), r.moment(d, "end_at")
    if start and end and end < start:
        r.fail("end_at", "출장 종료가 시작보다 빠릅니다")
    elif start and end:
        try:  # one statement line per day: a 9999-12-31 end must not cost seconds
            bounds.check_trip_length(start.date(), end.date())
        except bounds.BoundError as exc:
            r.fail("end_at", str(exc))
            end = None
    if start:
        try:
            rates_in_force(start.date())
        except NoRatesInForce as exc:
            r.fail("start_at", str(exc))
    within = r.flag(d, "within_duty_area")
    official_vehicle = r.flag(d, "official_vehicle")
    destination = r.text(d, "destination", "destination", required=not within) or ""
    region = d.get("destination_region")
    if region is not None and _name(region) not in REGION_CLASSES:
        r.fail("destination_region", "seoul, metro, other 중 하나여야 합니다")
    hours = None if d.get("duty_area_hours") is None else r.number(
        d, "duty_area_hours", "duty_area_hours", maximum=bounds.MAX_DUTY_AREA_HOURS)
    raw_expenses = d.get("expenses") or []
    if not isinstance(raw_expenses, list):
        r.fail("expenses", "배열이어야 합니다")
        raw_expenses = []
    elif len(raw_expenses) > bounds.MAX_EXPENSES:
        r.fail("expenses", f"항목은 {bounds.MAX_EXPENSES}개 이하여야 합니다")
        raw_expenses = []
    expenses = [e for i, raw in enumerate(raw_expenses) if (e := _expense(r, raw, i)) is not None]
    if start and end and end >= start:
        if within:
            _check_duty_area(r, start, end, expenses)
        else:
            _check_nights(r, start.date(), end.date(), expenses)
    if r.errors:
        raise CaseError(r.errors)
    return TripCase(
        grade=grade, start_at=start, end_at=end, destination=destination,
        region=region or region_class(destination), within_duty_area=within, duty_area_hours=hours,
        official_vehicle=official_vehicle, expenses=tuple(expenses),
    )
