"""The 결재선 of trips: the unit's policy, each trip's fixed steps, and approvers' absences (대결)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.accounts import User
from app.models.types import JsonType, SeoulDateTime, now_seoul


class ApprovalPolicy(db.Model):
    """A unit's 위임전결 table as data: ordered rules for applications and for settlement review."""

    __tablename__ = "approval_policies"
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    rules: Mapped[list] = mapped_column(JsonType, default=list)
    settlement_rules: Mapped[list] = mapped_column(JsonType, default=list)
    updated_at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ApprovalStep(db.Model):
    """One step of a trip's line, fixed when the trip was applied (or its settlement sent to review).

    `phase` is trip or settlement; `round` counts the lines of that phase (a returned and re-applied
    trip gets a new line). `approver_ids` None means any approver of the unit (the default line).
    """

    __tablename__ = "approval_steps"
    __table_args__ = (UniqueConstraint("trip_id", "phase", "round", "order"),
                      Index("ix_approval_steps_post_report", "on_behalf_of_id", "acknowledged_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id"), index=True)
    phase: Mapped[str] = mapped_column(String(20))
    round: Mapped[int] = mapped_column(Integer)
    order: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(40))
    approver_ids: Mapped[list | None] = mapped_column(JsonType)
    status: Mapped[str] = mapped_column(String(20))  # waiting|pending|approved|returned|rejected
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(SeoulDateTime)
    # 대결: the absent approver in whose place decided_by decided; a 사후보고 item until acknowledged.
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str] = mapped_column(Text, default="")
    acknowledged_at: Mapped[datetime | None] = mapped_column(SeoulDateTime)

    trip: Mapped["Trip"] = relationship()  # noqa: F821 (app.models.trips)
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    on_behalf_of: Mapped[User | None] = relationship(foreign_keys=[on_behalf_of_id])


class Absence(db.Model):
    """An approver away from start_at to end_at; their substitute decides their steps meanwhile."""

    __tablename__ = "absences"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    substitute_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    start_at: Mapped[datetime] = mapped_column(SeoulDateTime)
    end_at: Mapped[datetime] = mapped_column(SeoulDateTime)
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul)
    # Withdrawn (DELETE): the substitute's authority ends now; the row stays as the record of it.
    cancelled_at: Mapped[datetime | None] = mapped_column(SeoulDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    substitute: Mapped[User] = relationship(foreign_keys=[substitute_id])
