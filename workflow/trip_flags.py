"""Every flag of one trip at a glance, from plain data: collect_flags().

The statement's flags (stored when the trip was settled), each receipt's stored flags and the checks of
the trip itself (a late application, a changed lodging class, an overlapping trip) are merged here and
nowhere else. One finding is one flag: the same code about the same receipt and field counts once,
whichever copy it comes from (settling copies receipt flags into the statement). Unsure values and
failed readings are summed into one flag each, so the count shown is the number of flags behind it.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from workflow.flags import Flag, by_level, flag

# Receipt flags summed into one per trip (the per-receipt ones stay on each receipt)...
SUMMED = {"low_confidence": "인식 신뢰도 낮은 값 {n}개", "ocr_failed": "영수증 인식 실패 {n}건"}
# ...and the reading counts of the trip, by code.
READING = {**SUMMED, "ocr_pending": "영수증 인식 중 {n}건", "corrected": "여행자가 고친 값 {n}개"}


@dataclass(frozen=True)
class TripGlance:
    """What the trip checks read: when it starts and was applied for, a class override, overlaps."""

    start_at: datetime
    applied_at: datetime | None = None
    region_override_reason: str | None = None
    overlapping: tuple[int, ...] = ()  # ids of the traveler's other active trips on the same days


@dataclass(frozen=True)
class ReceiptGlance:
    """One receipt of the trip: its reading status, its stored flags and how many values were corrected."""

    id: int
    status: str
    flags: tuple[Flag, ...] = ()
    corrections: int = 0


def _key(f: Flag) -> tuple:
    return f.code, f.receipt_id, f.field


def trip_checks(trip: TripGlance) -> list[Flag]:
    """A changed lodging class, an application after the start, an overlapping active trip."""
    flags = []
    if trip.region_override_reason:
        flags.append(flag("region_override", f"숙박 지역 등급을 바꿔 신청: {trip.region_override_reason}"))
    if trip.applied_at and trip.applied_at > trip.start_at:
        flags.append(flag("applied_late", "출장 시작 후에 신청했습니다 (사후 신청)."))
    if trip.overlapping:
        listed = ", ".join(f"#{i}" for i in sorted(trip.overlapping))
        flags.append(flag("overlap", f"같은 기간에 다른 출장이 있습니다 ({listed})."))
    return flags


def _reading(receipts: list[ReceiptGlance], found: list[Flag]) -> list[Flag]:
    """The summed flags: unsure values, failed and pending readings, the traveler's corrections."""
    unsure = sum(f.code == "low_confidence" for f in found)
    failed = {f.receipt_id for f in found if f.code == "ocr_failed"} | {
        r.id for r in receipts if r.status == "failed"}
    pending = sum(r.status in ("queued", "processing") for r in receipts)
    corrected = sum(r.corrections for r in receipts)
    counts = {"ocr_failed": len(failed), "ocr_pending": pending, "low_confidence": unsure,
              "corrected": corrected}
    return [flag(code, READING[code].format(n=n)) for code, n in counts.items() if n]


def collect_flags(trip: TripGlance, receipts: Iterable[ReceiptGlance],
                  statement: Iterable[Flag] = ()) -> list[Flag]:
    """All flags of a trip, blocking first: statement, receipts (each finding once), reading, trip."""
    receipts = list(receipts)
    found: list[Flag] = []
    seen: set[tuple] = set()
    for f in [*statement, *(f for r in receipts for f in r.flags)]:
        if _key(f) not in seen:
            seen.add(_key(f))
            found.append(f)
    listed = [f for f in found if f.code not in SUMMED]
    return by_level(listed + _reading(receipts, found) + trip_checks(trip))
