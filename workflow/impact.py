"""What each trip settled in the app saves against the paper process (figures from DOMAIN.md)."""
from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, fields
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class ImpactParams:
    """Assumptions behind the savings; defaults are 인사혁신처's 2023 figures quoted in DOMAIN.md."""

    sheets_per_trip: int = 3          # 5.25 M sheets / 1.75 M trips: application, receipts, claim
    steps_before: int = 7             # the seven-step paper process
    steps_after: int = 3              # apply, approve, settle
    minutes_before: int = 20          # staff time to handle one settlement on paper
    minutes_after: int = 10           # and in the app
    krw_per_staff_hour: int = 32381   # the ministry's value of an hour of staff time

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{f.name} must be a non-negative integer, not {value!r}")


def _krw(minutes: int, params: ImpactParams) -> int:
    """Staff minutes valued at the hourly rate, rounded half up to the won."""
    value = Decimal(minutes) * params.krw_per_staff_hour / 60
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def trip_savings(params: ImpactParams, printed_receipts: int) -> dict:
    """Sheets, steps, staff minutes and KRW one settled trip saves against paper."""
    if isinstance(printed_receipts, bool) or not isinstance(printed_receipts, int) or printed_receipts < 0:
        raise ValueError("printed_receipts must be a non-negative integer")
    # Paper per trip: the application/approval sheet + the settlement claim + one sheet for each receipt
    # that would have been printed. With no receipt data we fall back on the ministry's average (3).
    sheets = 2 + printed_receipts if printed_receipts else params.sheets_per_trip
    minutes = params.minutes_before - params.minutes_after
    return {
        "sheets": sheets,
        "steps": params.steps_before - params.steps_after,
        "staff_minutes": minutes,
        "krw": _krw(minutes, params),
    }


def summarize(params: ImpactParams, per_trip: list[dict], durations_days: list[float]) -> dict:
    """Totals over settled trips, the median days from application to settlement, and the assumptions."""
    minutes = sum(t["staff_minutes"] for t in per_trip)
    if any(d < 0 for d in durations_days):
        raise ValueError("durations_days must not be negative")
    return {
        "trips_settled": len(per_trip),
        "sheets_saved": sum(t["sheets"] for t in per_trip),
        "steps_saved": sum(t["steps"] for t in per_trip),
        "staff_minutes_saved": minutes,
        # Valued once over the total minutes, so per-trip rounding does not add up across many trips.
        "krw_saved": _krw(minutes, params),
        "median_days_apply_to_settled": statistics.median(durations_days) if durations_days else None,
        "parameters": asdict(params),
    }
