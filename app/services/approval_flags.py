"""Flags at a glance: what an approver should notice about a trip, from batched queries."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.models import Receipt, Statement, Trip
from workflow.states import TripStatus

# Trips that hold the traveller's time: an overlapping one is worth a look before approving.
ACTIVE_STATUSES = ("applied", "approved", "settlement_review", "settled", "paid")


@dataclass(frozen=True)
class GlanceFlag:
    """Something the approver should notice; blocking ones keep a trip out of bulk approval."""

    code: str
    message: str
    blocking: bool


@dataclass
class QueueRow:
    """One trip in the queue with what to notice about it."""

    trip: Trip
    flags: list[GlanceFlag]
    receipt_count: int = 0
    total: int | None = None

    @property
    def clean(self) -> bool:
        """An application with nothing blocking: it may be approved in bulk."""
        return self.trip.status == TripStatus.APPLIED and not any(f.blocking for f in self.flags)


def glance(*, session: Session, trips: list[Trip]) -> list[QueueRow]:
    """The flags of each trip, from three batched queries however many trips there are."""
    if not trips:
        return []
    ids = [t.id for t in trips]
    rows = {t.id: QueueRow(trip=t, flags=[]) for t in trips}
    for trip_id, total, flags in session.execute(
            select(Statement.trip_id, Statement.total, Statement.flags)
            .where(Statement.trip_id.in_(ids))):
        rows[trip_id].total = total
        rows[trip_id].flags += [flag_from_dict(f) for f in flags or []]
    receipts = session.scalars(select(Receipt).where(Receipt.trip_id.in_(ids))).all()
    for trip_id, row in rows.items():
        mine = [r for r in receipts if r.trip_id == trip_id]
        row.receipt_count = len(mine)
        row.flags += _receipt_flags(mine, already=[f.message for f in row.flags])
        row.flags += _trip_flags(row.trip)
    _overlap_flags(session, rows)
    for row in rows.values():
        row.flags.sort(key=lambda f: not f.blocking)
    return [rows[i] for i in ids]


def flag_from_dict(raw: dict) -> GlanceFlag:
    """A stored {code, message, blocking} flag as a GlanceFlag."""
    return GlanceFlag(str(raw.get("code", "")), str(raw.get("message", "")),
                      bool(raw.get("blocking")))


def low_confidence_threshold() -> float:
    """Below this an OCR value is marked for a second look."""
    return float(current_app.config.get("LOW_CONFIDENCE_THRESHOLD", 0.6))


def _receipt_flags(receipts: list[Receipt], already: list[str]) -> list[GlanceFlag]:
    """Receipt flags not already in the statement (settling copies them as '영수증 #n: ...')."""
    flags: list[GlanceFlag] = []
    seen: set[str] = set()
    for r in receipts:
        for raw in r.flags or []:
            flag = flag_from_dict(raw)
            repeated = any(m.endswith(flag.message) for m in already)
            if flag.code not in seen and not repeated:
                seen.add(flag.code)
                flags.append(flag)
    failed = sum(r.status == "failed" for r in receipts)
    pending = sum(r.status in ("queued", "processing") for r in receipts)
    threshold = low_confidence_threshold()
    low = sum(1 for r in receipts for name, value in (r.ocr_confidence or {}).items()
              if isinstance(value, (int, float)) and value < threshold
              and (r.ocr_fields or {}).get(name) not in (None, "")
              and name not in (r.corrections or {}))
    corrected = sum(len(r.corrections or {}) for r in receipts)
    if failed:
        flags.append(GlanceFlag("ocr_failed", f"영수증 인식 실패 {failed}건", False))
    if pending:
        flags.append(GlanceFlag("ocr_pending", f"영수증 인식 중 {pending}건", False))
    if low:
        flags.append(GlanceFlag("low_confidence", f"인식 신뢰도 낮은 값 {low}개", False))
    if corrected:
        flags.append(GlanceFlag("corrected", f"여행자가 고친 값 {corrected}개", False))
    return flags


def _trip_flags(trip: Trip) -> list[GlanceFlag]:
    flags = []
    if trip.region_override_reason:
        flags.append(GlanceFlag("region_override", "숙박 지역 등급을 바꿔 신청: "
                                f"{trip.region_override_reason}", False))
    if trip.applied_at and trip.applied_at > trip.start_at:
        flags.append(GlanceFlag("applied_late", "출장 시작 후에 신청했습니다 (사후 신청).", False))
    return flags


def _overlap_flags(session: Session, rows: dict[int, QueueRow]) -> None:
    """Flag trips whose dates overlap another active trip of the same traveller (one self-join)."""
    other = aliased(Trip)
    # The status test stays in Python: in SQL, SQLite's planner would walk the status index
    # (every trip of the unit) instead of each traveller's own trips (200 ms against 2 ms).
    pairs = session.execute(
        select(Trip.id, other.id, other.status)
        .join(other, (other.traveler_id == Trip.traveler_id) & (other.id != Trip.id))
        .where(Trip.id.in_(list(rows)), other.start_at < Trip.end_at,
               Trip.start_at < other.end_at)).all()
    clashes: dict[int, list[int]] = {}
    for trip_id, other_id, status in pairs:
        if status in ACTIVE_STATUSES:
            clashes.setdefault(trip_id, []).append(other_id)
    for trip_id, ids in clashes.items():
        listed = ", ".join(f"#{i}" for i in sorted(ids))
        rows[trip_id].flags.append(
            GlanceFlag("overlap", f"같은 기간에 다른 출장이 있습니다 ({listed}).", True))
