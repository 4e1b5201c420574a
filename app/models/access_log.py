"""Who read whose personal data (개인정보의 안전성 확보조치 기준 제8조): insert-only, kept two years."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.trips import guard_insert_only
from app.models.types import SeoulDateTime, now_seoul

# SQLite only numbers a plain INTEGER PRIMARY KEY by itself; PostgreSQL gets 64 bits.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class AccessResource(StrEnum):
    """What was read."""

    TRIP = "trip"
    RECEIPT = "receipt"
    STATEMENT = "statement"
    EXPORT = "export"


class AccessAction(StrEnum):
    """How it was read."""

    READ = "read"            # JSON through the API
    VIEW = "view"            # rendered for a screen: a web page, the printable HTML, an image
    DOWNLOAD = "download"    # a file that can leave the system: PDF, CSV, the original upload


class AccessLog(db.Model):
    """One read of another person's personal data."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_subject_id_at", "subject_id", "at"),
                      Index("ix_access_log_actor_id_at", "actor_id", "at"))
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    resource: Mapped[str] = mapped_column(String(20))
    resource_id: Mapped[int] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(500))
    ip: Mapped[str] = mapped_column(String(45))  # the longest textual IPv6 address
    at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul, index=True)


guard_insert_only(AccessLog)
