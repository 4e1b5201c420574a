"""Sample trips for the demo: something in every approver's queue, a settled trip for finance."""
from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import BASE_DIR
from app.models import SEOUL, Trip, User
from app.services import trips
from app.services.ocr_jobs import JobSettings, process_receipt
from app.services.receipts import add_receipt_file
from app.services.settlement import settle_trip
from app.settings import Settings

SAMPLES = Path(BASE_DIR) / "sample_receipts"


def _t(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=SEOUL)


# Trips built around a sample ticket take their dates and route from the ticket's expected fields.
# (traveler, purpose, stage, wanted ticket: (variant, seat class) or None, fixed trip if no ticket)
DEMO_TRIPS = (
    ("traveler1", "현장점검", "settled", ("clean", "일반실"), None),
    ("traveler2", "정부청사 협의", "settlement_review", ("clean", "특실"), None),
    ("traveler1", "데이터센터 점검", "approved", ("mild", "일반실"), None),
    ("traveler1", "부산 지역 간담회", "applied", None,
     ("세종특별자치시", "부산광역시 해운대구", "2026-12-08T07:30", "2026-12-10T20:00", "rail")),
    ("traveler2", "광주 교육 참석", "applied", None,
     ("세종특별자치시", "광주광역시 서구", "2026-12-14T08:00", "2026-12-15T18:00", "rail")),
    ("traveler2", "서울 회의 참석", "applied", None,
     ("세종특별자치시", "서울특별시 종로구", "2026-12-17T07:00", "2026-12-17T19:00", "bus")),
    ("traveler3", "강릉 현장 조사", "applied", None,
     ("세종특별자치시", "강원특별자치도 강릉시", "2026-12-09T07:00", "2026-12-10T19:00", "bus")),
)


def _pick_ticket(variant: str, seat_class: str, taken: set[str]) -> tuple[Path, dict] | None:
    """The first sample rail ticket of `variant` and `seat_class`, with its expected fields."""
    for meta in sorted(SAMPLES.glob("*.json")):
        try:
            expected = json.loads(meta.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            continue
        if not isinstance(expected, dict):
            continue  # the manifest
        fields = expected.get("fields") or {}
        if (expected.get("document_type") == "rail_ticket" and expected.get("variant") == variant
                and fields.get("seat_class") == seat_class and fields.get("date")
                and meta.stem not in taken):
            image = next((p for p in SAMPLES.glob(meta.stem + ".*") if p.suffix != ".json"), None)
            if image is not None:
                taken.add(meta.stem)
                return image, fields
    return None


def _trip_data(purpose: str, ticket: tuple[Path, dict] | None, fixed: tuple | None) -> dict:
    if ticket is not None:
        fields = ticket[1]
        day = datetime.fromisoformat(fields["date"]).date()
        return {"purpose": f"{fields.get('arrival', '')} {purpose}".strip(),
                "origin": fields.get("departure"), "destination": fields.get("arrival") or "서울",
                "start_at": datetime.combine(day, time(6, 30), SEOUL),
                "end_at": datetime.combine(day + timedelta(days=1), time(21, 0), SEOUL),
                "transport": "rail"}
    origin, dest, start, end, transport = fixed
    return {"purpose": purpose, "origin": origin, "destination": dest, "start_at": _t(start),
            "end_at": _t(end), "transport": transport}


def _user(session: Session, username: str) -> User:
    return session.scalar(select(User).where(User.username == username))


def seed_demo_trips(*, session: Session, settings: Settings, ocr_run: JobSettings) -> list[str]:
    """Create the demo trips once (OCR runs on their sample receipts); returns lines to print."""
    traveler1 = _user(session, "traveler1")
    if traveler1 is None:
        return ["demo users missing: run seed-demo first"]
    if session.scalar(select(func.count(Trip.id)).where(Trip.traveler_id == traveler1.id)):
        return ["demo trips exist already"]
    approvers = {"UNIT-A": _user(session, "approver1"), "UNIT-B": _user(session, "approver2")}
    lines = []
    taken: set[str] = set()
    for username, purpose, stage, wanted, fixed in DEMO_TRIPS:
        traveler = _user(session, username)
        ticket = _pick_ticket(*wanted, taken) if wanted else None
        if wanted and ticket is None:
            lines.append(f"no sample ticket for {purpose}; skipped")
            continue
        trip = trips.create_trip(session=session, actor=traveler,
                                 data=_trip_data(purpose, ticket, fixed))
        trips.apply_trip(session=session, trip_id=trip.id, actor=traveler, settings=settings)
        if stage != "applied":
            trips.approve_trip(session=session, trip_id=trip.id, actor=approvers[traveler.unit.code],
                               comment="데모 승인", settings=settings)
        if ticket is not None:
            receipt = add_receipt_file(session=session, trip_id=trip.id, actor=traveler,
                                       data=ticket[0].read_bytes(), filename=ticket[0].name,
                                       settings=settings)
            process_receipt(session=session, receipt_id=receipt.id, run=ocr_run)
        if stage in ("settled", "settlement_review"):
            settle_trip(session=session, trip_id=trip.id, actor=traveler, settings=settings)
            session.refresh(trip)
            if stage == "settled" and trip.status == "settlement_review":
                # OCR left a flag for a human: the approver looks and accepts, as in real life.
                trips.accept_settlement(session=session, trip_id=trip.id, comment="데모: 확인함",
                                        actor=approvers[traveler.unit.code], settings=settings)
        session.refresh(trip)
        lines.append(f"trip {trip.id:>3} {username:<10} {trip.status:<18} {trip.purpose}")
    return lines
