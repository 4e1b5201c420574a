"""Agencies, units, users and their roles."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import SeoulDateTime, now_seoul


class Role(StrEnum):
    """What a user may do; a user has one or more."""

    TRAVELER = "traveler"
    APPROVER = "approver"
    FINANCE = "finance"
    ADMIN = "admin"


class Agency(db.Model):
    """A central agency (기관)."""

    __tablename__ = "agencies"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    units: Mapped[list[Unit]] = relationship(back_populates="agency")


class Unit(db.Model):
    """A unit (부서) inside an agency; approvers approve for units."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # Where the unit sits: the default origin of its trips (e.g. "세종특별자치시").
    location: Mapped[str | None] = mapped_column(String(200))
    agency: Mapped[Agency] = relationship(back_populates="units")


class User(db.Model):
    """A civil servant, or a finance system's service account."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    employee_no: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    # 공무원 여비 규정 별표 1: 1 = 제1호, 2 = 제2호.
    grade: Mapped[int] = mapped_column(Integer, default=2)
    # 직위 (e.g. 과장, 주무관): approval policies may route by it (migration 0007).
    position_title: Mapped[str | None] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_service_account: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul)

    unit: Mapped[Unit | None] = relationship()
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    approves: Mapped[list[ApproverUnit]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> set[str]:
        """The role names this user holds."""
        return {r.role for r in self.role_rows}

    def has_role(self, role: Role | str) -> bool:
        """True when the user holds `role`."""
        return str(role) in self.roles

    @property
    def approved_unit_ids(self) -> set[int]:
        """Units this user approves for (empty unless an approver)."""
        if not self.has_role(Role.APPROVER):
            return set()
        return {a.unit_id for a in self.approves}


class UserRole(db.Model):
    """One role held by one user."""

    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))


class ApproverUnit(db.Model):
    """An approver's authority over one unit."""

    __tablename__ = "approver_units"
    __table_args__ = (UniqueConstraint("user_id", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)


class RevokedToken(db.Model):
    """A JWT that was logged out before it expired."""

    __tablename__ = "revoked_tokens"
    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(Integer)
    revoked_at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul)
    expires_at: Mapped[datetime | None] = mapped_column(SeoulDateTime)
