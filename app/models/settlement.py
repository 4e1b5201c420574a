"""Settlement statements and the finance export batches that deliver them once."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import JsonType, SeoulDateTime, now_seoul


class Statement(db.Model):
    """The computed 여비 statement of a trip (one current statement per trip)."""

    __tablename__ = "statements"
    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id"), unique=True)
    grade: Mapped[int] = mapped_column(Integer)
    rules_version: Mapped[str] = mapped_column(String(40))
    lines: Mapped[list] = mapped_column(JsonType)
    flags: Mapped[list] = mapped_column(JsonType)
    total: Mapped[int] = mapped_column(BigInteger)  # KRW; BIGINT like every money column (0004)
    created_at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul)
    settled_at: Mapped[datetime | None] = mapped_column(SeoulDateTime, index=True)
    export_batch_id: Mapped[int | None] = mapped_column(ForeignKey("export_batches.id"), index=True)

    batch: Mapped[ExportBatch | None] = relationship(back_populates="statements")


class ExportBatch(db.Model):
    """A batch of settled statements handed to a finance system."""

    __tablename__ = "export_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default="open")  # open|confirmed|cancelled
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    # KRW summed over up to every settled statement: beyond 2^31 (migration 0003).
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul)
    confirmed_at: Mapped[datetime | None] = mapped_column(SeoulDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(SeoulDateTime)
    payment_date: Mapped[date | None] = mapped_column(Date)
    payment_reference: Mapped[str | None] = mapped_column(String(100))

    statements: Mapped[list[Statement]] = relationship(back_populates="batch")
