"""Column types shared by the models."""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, DateTime
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

SEOUL = ZoneInfo("Asia/Seoul")

# JSONB on PostgreSQL (indexable), plain JSON text elsewhere.
JsonType = JSON().with_variant(JSONB(), "postgresql")


def now_seoul() -> datetime:
    """The current time in Asia/Seoul."""
    return datetime.now(SEOUL)


def seoul_midnight(day: date) -> datetime:
    """The start of `day` in Asia/Seoul (date filters are inclusive Seoul calendar days)."""
    return datetime.combine(day, time.min, SEOUL)


class SeoulDateTime(TypeDecorator):
    """Stores UTC, returns aware Asia/Seoul datetimes on every database (SQLite drops zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; every time must carry a zone")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(SEOUL)
