"""A trip to settle, read and checked from a JSON body or from a stored trip; bad input raises
CaseError per field, each expense's errors under the key its caller names it by."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from workflow import bounds
from workflow.case_reader import KST, CaseError, Reader
from workflow.fuel import fuel_in_force, fuel_types
from workflow.rates import NoRatesInForce, rates_in_force
from workflow.regions import REGION_CLASSES, region_class

__all__ = ["KST", "CaseError", "Expense", "Fare", "Fuel", "Lodging", "LodgingWithRelatives", "Toll",
           "TripCase", "case_from_dict", "read_case"]

FARE_MODES = frozenset({"rail", "bus", "air", "taxi", "ship"})


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
    place: str | None = None  # where the night was spent; None: the trip's destination
    region: str | None = None  # class of `place` (별표 2), resolved when the body is read


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
    reason: str = ""  # why a car was unavoidable (별표 2 비고 제4호)
    replaced_fare: int | None = None  # the rail or bus fare the car replaces


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
    official_vehicle_dates: frozenset[date] | None = None  # None: every day when official_vehicle
    side_trip_dates: frozenset[date] = frozenset()  # 제17조②: days away from the long-stay place
    dedicated_vehicle: bool = False  # 전용 차량 배정자 (제18조① 단서)
    duty_area_paid_that_day: int = 0  # other duty-area amounts of that day already settled
    duty_station: str | None = None  # 근무지, for the 제18조② check of a 통합특별시
    shared_lodging_people: int | None = None  # travelers who shared this statement's lodging
    meals_provided: int = 0
    submitted_on: date | None = None  # the day the claim and its evidence are handed in

    @property
    def travel_dates(self) -> list[date]:
        """Calendar days in Asia/Seoul from start to end, both included (공무원 여비 규정 제5조)."""
        first, last = self.start_at.date(), self.end_at.date()
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]

    @property
    def vehicle_days(self) -> frozenset[date]:
        """The days a 공무용 차량 was used: the dates given, or every day with official_vehicle alone."""
        if self.official_vehicle_dates is not None:
            return self.official_vehicle_dates
        return frozenset(self.travel_dates) if self.official_vehicle else frozenset()


def _name(value: Any) -> str | None:
    """A string to look up in a set of names; anything else (a list, an object) matches nothing."""
    return value if isinstance(value, str) else None


def _fare(r: Reader, raw: dict, i: int, where: str) -> Fare | None:
    mode = _name(raw.get("mode"))
    if mode not in FARE_MODES:
        r.fail(f"{where}.mode", f"다음 중 하나여야 합니다: {', '.join(sorted(FARE_MODES))}")
    amount = r.integer(raw, "amount", f"{where}.amount")
    fields = {k: r.text(raw, k, f"{where}.{k}")
              for k in ("seat_class", "receipt_id", "origin", "destination")}
    day = r.day(raw, "date", f"{where}.date", required=False)
    return Fare(i, mode, amount, day=day, **fields) if mode in FARE_MODES and amount is not None else None


def _fuel(r: Reader, raw: dict, i: int, where: str, start: date | None) -> Fuel | None:
    distance = r.number(raw, "distance_km", f"{where}.distance_km")
    fuel_type = _name(raw.get("fuel_type"))
    known = fuel_types()
    if fuel_type not in known:
        r.fail(f"{where}.fuel_type", f"다음 중 하나여야 합니다: {', '.join(sorted(known))}")
    elif start is not None:
        table = fuel_in_force(start)
        if table is None or fuel_type not in table.km_per_unit:
            r.fail(f"{where}.fuel_type", f"{start}에 시행 중인 연비 기준에 {fuel_type}가 없습니다")
    price = r.integer(raw, "fuel_price", f"{where}.fuel_price", minimum=1,
                      maximum=bounds.MAX_FUEL_PRICE_KRW)
    reason = r.text(raw, "reason", f"{where}.reason") or ""
    replaced = r.integer(raw, "replaced_fare", f"{where}.replaced_fare", required=False)
    ok = distance is not None and fuel_type in known and price is not None
    return Fuel(i, distance, fuel_type, price, reason, replaced) if ok else None


def _expense(r: Reader, raw: Any, i: int, start: date | None, where: str) -> Expense | None:
    if not isinstance(raw, dict):
        r.fail(where, "객체여야 합니다")
        return None
    kind = raw.get("kind")
    if kind == "fare":
        return _fare(r, raw, i, where)
    if kind == "lodging":
        night = r.day(raw, "night", f"{where}.night")
        amount = r.integer(raw, "amount", f"{where}.amount")
        reason = r.text(raw, "justification", f"{where}.justification") or ""
        place = r.text(raw, "place", f"{where}.place")
        region = region_class(place, start) if place else None
        return Lodging(i, night, amount, reason, place, region) if night and amount is not None else None
    if kind == "lodging_with_relatives":
        night = r.day(raw, "night", f"{where}.night")
        return LodgingWithRelatives(i, night) if night else None
    if kind == "fuel":
        return _fuel(r, raw, i, where, start)
    if kind == "toll":
        amount = r.integer(raw, "amount", f"{where}.amount")
        return Toll(i, amount) if amount is not None else None
    r.fail(f"{where}.kind", "fare, lodging, lodging_with_relatives, fuel, toll 중 하나여야 합니다")
    return None


def _check_nights(r: Reader, start: date, end: date, expenses: list[Expense], names: list[str]) -> None:
    """A night is the night that begins on that date: from the first day up to the day before the last."""
    seen: dict[date, int] = {}
    for e in expenses:
        if not isinstance(e, (Lodging, LodgingWithRelatives)):
            continue
        where = f"{names[e.index]}.night"
        if not start <= e.night < end:
            r.fail(where, f"출장 기간의 숙박일({start} ~ {end - timedelta(days=1)})이 아닙니다")
        elif e.night in seen:
            r.fail(where, f"{names[seen[e.night]]}과 같은 날 숙박을 두 번 청구했습니다")
        else:
            seen[e.night] = e.index


def _check_duty_area(r: Reader, start: datetime, end: datetime, expenses: list[Expense],
                     names: list[str]) -> None:
    # 공무원 여비 규정 제18조: the flat amount replaces every other allowance and cost.
    if start.date() != end.date():
        r.fail("end_at", "근무지 내 출장은 하루 안에 끝나야 합니다 (날마다 따로 신청하세요)")
    for e in expenses:
        r.fail(f"{names[e.index]}.kind",
               "근무지 내 출장(제18조)에는 운임·숙박비 등을 따로 청구할 수 없습니다")


def _extras(r: Reader, d: dict, days: list[date]) -> dict:
    """The optional fields of issue 13: vehicle days, side trips, shared rooms, meals, deadlines."""
    shared = d.get("shared_lodging")
    people = None
    if shared is not None:
        if not isinstance(shared, dict):
            r.fail("shared_lodging", '{"people": 2} 형식의 객체여야 합니다')
        else:
            people = r.integer(shared, "people", "shared_lodging.people", minimum=2)
    meals = r.integer(d, "meals_provided", "meals_provided", required=False) or 0
    if days and meals > 3 * len(days):
        r.fail("meals_provided", f"여행일수 {len(days)}일의 끼니 수({3 * len(days)})를 넘습니다")
    return {
        "official_vehicle_dates": r.days(d, "official_vehicle_dates", days),
        "side_trip_dates": r.days(d, "side_trip_dates", days) or frozenset(),
        "dedicated_vehicle": r.flag(d, "dedicated_vehicle"),
        "duty_area_paid_that_day": r.integer(d, "duty_area_paid_that_day", "duty_area_paid_that_day",
                                             required=False) or 0,
        "duty_station": r.text(d, "duty_station", "duty_station"),
        "shared_lodging_people": people, "meals_provided": meals,
        "submitted_on": r.day(d, "submitted_on", "submitted_on", required=False),
    }


def case_from_dict(d: dict) -> TripCase:
    """Read a trip body (format in the workflow.allowances docstring) into a TripCase, or raise CaseError."""
    if not isinstance(d, dict):
        raise CaseError({"body": "JSON 객체여야 합니다"})
    r = Reader()
    raw_expenses = d.get("expenses") or []
    if not isinstance(raw_expenses, list):
        r.fail("expenses", "배열이어야 합니다")
        raw_expenses = []
    return _read(r, d, [(f"expenses[{i}]", raw) for i, raw in enumerate(raw_expenses)])


def read_case(d: dict, expenses: Sequence[tuple[str, dict]]) -> TripCase:
    """A TripCase from a trip's fields and its expenses, each named by the error key it reports under.

    For a stored trip: `d` holds the trip's own values (dates, aware datetimes, Decimals) and each
    expense is (its name, e.g. "lodging[0]" or "receipts[7]", its fields); expense i is ref i.
    """
    return _read(Reader(), d, list(expenses))


def _read(r: Reader, d: dict, named: list[tuple[str, Any]]) -> TripCase:
    grade = d.get("grade")
    if isinstance(grade, bool) or grade not in (1, 2):
        r.fail("grade", "1 (제1호) 또는 2 (제2호)여야 합니다")
    start, end = r.moment(d, "start_at"), r.moment(d, "end_at")
    if start and end and end < start:
        r.fail("end_at", "출장 종료가 시작보다 빠릅니다")
    first_day = start.date() if start else None
    if start and end and end >= start:
        try:  # one statement line per day: a 9999-12-31 end must not cost seconds
            bounds.check_trip_length(start.date(), end.date())
        except bounds.BoundError as exc:
            r.fail("end_at", str(exc))
            end = None
    if start:
        try:
            rates_in_force(first_day)
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
    if len(named) > bounds.MAX_EXPENSES:
        r.fail("expenses", f"항목은 {bounds.MAX_EXPENSES}개 이하여야 합니다")
        named = []
    names = [where for where, _ in named]
    expenses = [e for i, (where, raw) in enumerate(named)
                if (e := _expense(r, raw, i, first_day, where)) is not None]
    days: list[date] = []
    if start and end and end >= start:
        days = [first_day + timedelta(days=i) for i in range((end.date() - first_day).days + 1)]
        if within:
            _check_duty_area(r, start, end, expenses, names)
        else:
            _check_nights(r, first_day, end.date(), expenses, names)
    extras = _extras(r, d, days)
    if r.errors:
        raise CaseError(r.errors)
    return TripCase(
        grade=grade, start_at=start, end_at=end, destination=destination,
        region=region or region_class(destination, first_day), within_duty_area=within,
        duty_area_hours=hours, official_vehicle=official_vehicle, expenses=tuple(expenses), **extras,
    )
