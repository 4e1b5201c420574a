"""Trips, their insert-only audit trail, and what each settled trip saved."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, event)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.accounts import Unit, User
from app.models.types import SeoulDateTime, now_seoul


class Trip(db.Model):
    """A business trip; status changes only through workflow actions."""

    __tablename__ = "trips"
    id: Mapped[int] = mapped_column(primary_key=True)
    traveler_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # The traveler's unit when the trip was created: approval authority follows it.
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(500))
    origin: Mapped[str | None] = mapped_column(String(200))
    destination: Mapped[str] = mapped_column(String(200))
    region_class: Mapped[str] = mapped_column(String(10))  # seoul | metro | other
    region_override_reason: Mapped[str | None] = mapped_column(String(500))
    start_at: Mapped[datetime] = mapped_column(SeoulDateTime)
    end_at: Mapped[datetime] = mapped_column(SeoulDateTime)
    transport: Mapped[str] = mapped_column(String(20))
    within_duty_area: Mapped[bool] = mapped_column(Boolean, default=False)
    # The traveler's cost estimate in KRW for the approval policy; None: estimated from the rates.
    estimated_cost: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(20), index=True, default="draft")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul, index=True)
    updated_at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul, onupdate=now_seoul)
    applied_at: Mapped[datetime | None] = mapped_column(SeoulDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(SeoulDateTime)
    settled_at: Mapped[datetime | None] = mapped_column(SeoulDateTime, index=True)
    paid_at: Mapped[datetime | None] = mapped_column(SeoulDateTime)
    # HMAC of (status, last audit row) under the audit key: see workflow.events.head_mac.
    audit_head: Mapped[str | None] = mapped_column(String(64))

    traveler: Mapped[User] = relationship(foreign_keys=[traveler_id], lazy="joined")
    unit: Mapped[Unit] = relationship()

    __mapper_args__ = {"version_id_col": version}
    # The approver's queue: a unit's trips newest first (migration 0002).
    __table_args__ = (Index("ix_trips_unit_id_created_at", "unit_id", "created_at"),)


class TripEvent(db.Model):
    """One audit row per status change; insert-only and hash-chained per trip."""

    __tablename__ = "trip_events"
    __table_args__ = (UniqueConstraint("trip_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul)
    request_id: Mapped[str] = mapped_column(String(64), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    # HMAC-SHA256 under the audit key named by key_id (migration 0005 keyed the older rows; a row
    # without key_id carries a plain hash anyone could recompute, and verify reports it).
    hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str | None] = mapped_column(String(40))
    # A step of the 결재선 and, for 대결, the absent approver (migration 0007; covered by the MAC).
    step: Mapped[int | None] = mapped_column(Integer)
    # Plain integers: SQLite cannot add a foreign key to an existing (trigger-guarded) table.
    on_behalf_of_id: Mapped[int | None] = mapped_column(Integer)

    actor: Mapped[User | None] = relationship(lazy="joined")


class InsertOnlyViolation(RuntimeError):
    """Someone tried to change or delete an audit row through the ORM."""


def guard_insert_only(model: type) -> None:
    """Refuse ORM updates and deletes of `model`'s rows (the database triggers refuse SQL ones)."""
    name = model.__tablename__

    def refuse(mapper, connection, target) -> None:  # noqa: ARG001
        raise InsertOnlyViolation(f"{name} is insert-only")

    event.listen(model, "before_update", refuse)
    event.listen(model, "before_delete", refuse)


guard_insert_only(TripEvent)


class TripImpact(db.Model):
    """What the paper process would have spent on one settled trip."""

    __tablename__ = "trip_impacts"
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    settled_at: Mapped[datetime] = mapped_column(SeoulDateTime, index=True)
    sheets_saved: Mapped[int] = mapped_column(Integer)
    steps_saved: Mapped[int] = mapped_column(Integer)
    staff_minutes_saved: Mapped[int] = mapped_column(Integer)
    days_apply_to_settled: Mapped[float | None] = mapped_column(Float)


class IdempotencyRecord(db.Model):
    """The first response to a POST with an Idempotency-Key, replayed on retries."""

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("user_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(500))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[str | None] = mapped_column(Text)
    content_type: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul, index=True)
