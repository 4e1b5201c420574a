"""Helpers shared by the receipt tests: trips, uploads, sample files."""
from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from PIL import Image

from app.extensions import db
from app.models import SEOUL, Receipt
from app.services import trips as trip_svc
from tests.factories import login, make_unit, make_user

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_receipts"


def make_trip(traveler, *, origin="서울특별시", destination="부산광역시 해운대구",
              start=(2025, 5, 20), days=2):
    """A draft trip of `traveler`."""
    start_at = datetime(*start, 7, 0, tzinfo=SEOUL)
    end_at = datetime(start_at.year, start_at.month, start_at.day + days - 1, 21, 0, tzinfo=SEOUL)
    return trip_svc.create_trip(session=db.session, actor=traveler, data={
        "purpose": "현장 점검", "origin": origin, "destination": destination,
        "start_at": start_at, "end_at": end_at, "transport": "rail"})


def jpeg_bytes(size=(64, 48), color=(200, 30, 30), exif=None) -> bytes:
    """A small real JPEG (optionally with EXIF)."""
    out = io.BytesIO()
    img = Image.new("RGB", size, color)
    img.save(out, format="JPEG", **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def upload(client, headers, trip_id, data: bytes, filename="ticket.jpg", content_type=None):
    """POST a multipart upload."""
    file = (io.BytesIO(data), filename) if content_type is None else (io.BytesIO(data), filename,
                                                                        content_type)
    return client.post(f"/api/v1/trips/{trip_id}/receipts", headers=headers,
                       data={"file": file}, content_type="multipart/form-data")


def world():
    """Two units, travellers in each, approvers of each, finance and admin; logged-in headers."""
    unit_a, unit_b = make_unit("RA"), make_unit("RB")
    people = {
        "kim": make_user("kim", unit=unit_a),
        "lee": make_user("lee", unit=unit_a),
        "park": make_user("park", unit=unit_b),
        "boss_a": make_user("boss_a", unit=unit_a, roles=("traveler", "approver"), approves=("RA",)),
        "boss_b": make_user("boss_b", unit=unit_b, roles=("traveler", "approver"), approves=("RB",)),
        "money": make_user("money", unit=unit_a, roles=("finance",)),
        "root": make_user("root", unit=unit_a, roles=("admin",)),
    }
    return people


def headers_for(client, username):
    """Authorization header of `username`."""
    return login(client, username)


def receipt_count() -> int:
    """How many receipt rows exist."""
    return db.session.query(Receipt).count()
