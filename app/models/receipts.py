"""Receipts (evidence), their OCR jobs and the traveler's corrections."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import JsonType, SeoulDateTime, now_seoul


class Receipt(db.Model):
    """A ticket or receipt attached to a trip: an uploaded file or a structured e-receipt."""

    __tablename__ = "receipts"
    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id"), index=True)
    uploader_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    source: Mapped[str] = mapped_column(String(40))  # upload | e_receipt:<source>
    trust: Mapped[str] = mapped_column(String(20))  # ocr | verified | self_reported
    status: Mapped[str] = mapped_column(String(20), index=True)  # queued|processing|done|failed
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    filename: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    document_type: Mapped[str | None] = mapped_column(String(30))
    ocr_fields: Mapped[dict | None] = mapped_column(JsonType)
    ocr_confidence: Mapped[dict | None] = mapped_column(JsonType)
    corrections: Mapped[dict | None] = mapped_column(JsonType)  # field -> corrected value
    flags: Mapped[list | None] = mapped_column(JsonType)
    # Normalised keys for the cross-agency duplicate checks.
    ticket_no: Mapped[str | None] = mapped_column(String(64), index=True)
    approval_key: Mapped[str | None] = mapped_column(String(128), index=True)
    engine: Mapped[str | None] = mapped_column(String(30))
    # Degrees clockwise (0, 90, 180, 270) that show the file upright: the reader's, or the traveler's
    # correction. The stored file is never turned.
    rotation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    elapsed_ms: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul)
    processed_at: Mapped[datetime | None] = mapped_column(SeoulDateTime)

    corrections_log: Mapped[list[ReceiptCorrection]] = relationship(
        cascade="all, delete-orphan", order_by="ReceiptCorrection.id"
    )

    def effective_fields(self) -> dict:
        """OCR values overlaid with the traveler's corrections (corrections win)."""
        return {**(self.ocr_fields or {}), **(self.corrections or {})}


class ReceiptCorrection(db.Model):
    """Who changed which extracted field, from what to what, and when."""

    __tablename__ = "receipt_corrections"
    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[object | None] = mapped_column(JsonType)
    new_value: Mapped[object | None] = mapped_column(JsonType)
    at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul)


class OcrJob(db.Model):
    """An OCR job as a row, so a restart re-queues what was left unfinished."""

    __tablename__ = "ocr_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipts.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)  # queued|processing|done|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_by: Mapped[str | None] = mapped_column(String(100))
    locked_at: Mapped[datetime | None] = mapped_column(SeoulDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul)
    finished_at: Mapped[datetime | None] = mapped_column(SeoulDateTime)
