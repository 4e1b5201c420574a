"""Reading fields out of a trip body, one message per bad field instead of stopping at the first.

A field may hold its JSON form (a string for a date or time) or the value itself (a date, an aware
datetime, a Decimal), so a trip read from the database is checked the same way as a posted body.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from workflow import bounds

try:
    KST = ZoneInfo("Asia/Seoul")
except ZoneInfoNotFoundError:  # no tz database on the host: Korea has kept UTC+9 without DST since 1988
    KST = timezone(timedelta(hours=9), "KST")


class CaseError(ValueError):
    """The body does not describe a trip we can compute; `errors` maps each field to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


class Reader:
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
        if isinstance(d.get(key), date) and not isinstance(d.get(key), datetime):
            try:
                return bounds.check_date(d[key])
            except bounds.BoundError as exc:
                self.fail(where, str(exc))
                return None
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
        value = d.get(key) if isinstance(d.get(key), datetime) else self.text(d, key, key, required=True)
        if value is None:
            return None
        try:
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
            bounds.check_date(moment.date())
        except bounds.BoundError as exc:
            self.fail(key, str(exc))
            return None
        except ValueError:
            self.fail(key, "ISO 8601 일시여야 합니다 (예: 2025-03-10T07:30+09:00)")
            return None
        # A time without an offset is read as Korean time: every trip here starts in Korea.
        return moment.replace(tzinfo=KST) if moment.tzinfo is None else moment.astimezone(KST)

    def days(self, d: dict, key: str, allowed: list[date]) -> frozenset[date] | None:
        """A list of YYYY-MM-DD days, each one of `allowed` (the trip's days); None when absent."""
        value = d.get(key)
        if value is None:
            return None
        if not isinstance(value, list):
            self.fail(key, "날짜(YYYY-MM-DD)의 배열이어야 합니다")
            return None
        days, items = set(), dict(enumerate(value))  # day() reads by key: index the list
        for i in items:
            day = self.day(items, i, f"{key}[{i}]")
            if day is not None and allowed and day not in allowed:
                self.fail(f"{key}[{i}]", f"출장 기간({allowed[0]} ~ {allowed[-1]})의 날짜가 아닙니다")
            elif day is not None:
                days.add(day)
        return frozenset(days)
