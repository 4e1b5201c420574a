"""Helpers shared by the receipt tests: trips, uploads, sample files."""
from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from PIL import Image

from app.extensions import db
from app.models import SEOUL, Receipt
from app.services import trips as trip_svc
from app.settings import current_settings
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
    """POST a multipart upload (encoded in memory: the test client would spool big bodies to
    temp files it never closes)."""
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    part = FileStorage(io.BytesIO(data), filename=filename,
                       content_type=content_type or "application/octet-stream")
    boundary, body = encode_multipart({"file": part})
    return client.post(f"/api/v1/trips/{trip_id}/receipts", headers=headers, data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def image_bytes(fmt: str, size=(64, 48), color=(10, 120, 200)) -> bytes:
    """A small real image in `fmt` (JPEG, PNG, WEBP, HEIF)."""
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=fmt)
    return out.getvalue()


def pdf_bytes(text: str = "KTX 59800") -> bytes:
    """A one-page PDF with a text layer."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def world():
    """Two units, travelers in each, approvers of each, finance and admin, by username."""
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


def advance(trip_id: int, *steps):
    """Move a trip through (action, actor) steps with the trip services."""
    for action, actor in steps:
        trip_svc.transition(settings=current_settings(),
                            session=db.session, trip_id=trip_id, actor=actor, action=action,
                            comment="테스트")


def fake_extract(fields: dict, *, confidence: float = 0.95, document_type: str = "rail_ticket",
                 low: tuple[str, ...] = ()):
    """A stand-in OCR engine (STYLE.md 9) returning `fields`; `low` fields get confidence 0.3."""
    import ocr

    def extract(data, filename=None, *, engine=None):
        assert data, "the job must read the stored bytes"
        conf = {k: (0.3 if k in low else confidence) for k in fields}
        return ocr.Extraction(document_type=document_type, fields={**{n: None for n in ocr.FIELD_NAMES},
                                                                   **fields},
                              confidence=conf, engine="fake")
    return extract


RAIL = {"total_amount": 59800, "date": "2025-05-20", "departure": "서울", "arrival": "부산",
        "vehicle_no": "101", "carrier": "KORAIL", "service": "KTX", "seat_class": "일반실",
        "ticket_no": "82103-0314-12345-67"}
