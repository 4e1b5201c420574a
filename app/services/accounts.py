"""Accounts: passwords, login, users, units and the demo organisation."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import Conflict, NotFound, Unauthorized, ValidationFailed
from app.models import Agency, ApproverUnit, RevokedToken, Role, Unit, User, UserRole

_hasher = PasswordHasher()
# Verifying against this keeps unknown usernames as slow as wrong passwords (no user probing).
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    """argon2id hash of a password."""
    return _hasher.hash(password)


def authenticate(*, session: Session, username: str, password: str) -> User:
    """Return the active user with these credentials or raise Unauthorized."""
    user = session.scalar(select(User).where(User.username == username))
    hashed = user.password_hash if user else _DUMMY_HASH
    try:
        _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        user = None
    if user is None or not user.active:
        raise Unauthorized("Wrong username or password.")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.commit()
    return user


def revoke_token(*, session: Session, jti: str, user_id: int | None, expires_at: datetime | None) -> None:
    """Record a token as revoked (logout); revoking twice is harmless."""
    if session.get(RevokedToken, jti) is None:
        session.add(RevokedToken(jti=jti, user_id=user_id, expires_at=expires_at))
    session.commit()


def create_unit(*, session: Session, agency_code: str, code: str, name: str,
                location: str | None = None) -> Unit:
    """Create a unit inside an agency (the agency is created if it is new)."""
    agency = session.scalar(select(Agency).where(Agency.code == agency_code))
    if agency is None:
        agency = Agency(code=agency_code, name=agency_code)
        session.add(agency)
    if session.scalar(select(Unit).where(Unit.code == code)):
        raise Conflict(f"Unit {code} exists already.")
    unit = Unit(agency=agency, code=code, name=name, location=location)
    session.add(unit)
    session.commit()
    return unit


def create_user(*, session: Session, username: str, password: str, name: str, employee_no: str,
                unit_code: str | None, grade: int = 2, roles: list[str] | tuple[str, ...] = ("traveler",),
                approves: list[str] | tuple[str, ...] = (), service_account: bool = False) -> User:
    """Create a user with roles; `approves` lists unit codes for an approver."""
    errors: dict[str, list[str]] = {}
    if grade not in (1, 2):
        errors["grade"] = ["Grade is 1 (제1호) or 2 (제2호)."]
    bad_roles = set(roles) - {r.value for r in Role}
    if bad_roles or not roles:
        errors["roles"] = [f"Unknown roles: {sorted(bad_roles)}" if bad_roles else "At least one role."]
    if len(password) < 8:
        errors["password"] = ["At least 8 characters."]
    if approves and Role.APPROVER not in roles:
        errors["approves"] = ["Only approvers approve for units."]
    if errors:
        raise ValidationFailed(errors=errors)
    if session.scalar(select(User).where((User.username == username) | (User.employee_no == employee_no))):
        raise Conflict(f"User {username} or employee number {employee_no} exists already.")
    unit = _unit_by_code(session, unit_code) if unit_code else None
    user = User(username=username, name=name, employee_no=employee_no, unit=unit, grade=grade,
                password_hash=hash_password(password), is_service_account=service_account)
    user.role_rows = [UserRole(role=r) for r in dict.fromkeys(roles)]
    user.approves = [ApproverUnit(unit_id=_unit_by_code(session, c).id) for c in approves]
    session.add(user)
    session.commit()
    return user


def _unit_by_code(session: Session, code: str) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise NotFound(f"Unit {code} does not exist.")
    return unit


@dataclass(frozen=True)
class DemoUser:
    """A demo account as printed by `flask seed-demo`."""

    username: str
    name: str
    roles: tuple[str, ...]
    unit: str | None
    approves: tuple[str, ...] = ()
    grade: int = 2


DEMO_AGENCY = ("MOIS-DEMO", "행정안전부(데모)")
DEMO_UNITS = (("UNIT-A", "디지털정부국 A과", "세종특별자치시"),
              ("UNIT-B", "지방재정국 B과", "세종특별자치시"))
DEMO_USERS = (
    DemoUser("traveler1", "김여비", ("traveler",), "UNIT-A"),
    DemoUser("traveler2", "이출장", ("traveler",), "UNIT-A"),
    DemoUser("traveler3", "박정산", ("traveler",), "UNIT-B"),
    DemoUser("approver1", "최승인", ("traveler", "approver"), "UNIT-A", ("UNIT-A",), 1),
    DemoUser("approver2", "정결재", ("traveler", "approver"), "UNIT-B", ("UNIT-B",), 1),
    # Issue 15: the 검토 step of UNIT-A's long trips, and a substitute (대결) for approver1.
    DemoUser("reviewer1", "한검토", ("traveler", "approver"), "UNIT-A", ("UNIT-A",)),
    DemoUser("deputy1", "오대결", ("traveler", "approver"), "UNIT-A", ("UNIT-A",)),
    DemoUser("finance1", "재무시스템", ("finance",), None),
    DemoUser("admin1", "관리자", ("admin",), None),
)


def seed_demo(*, session: Session, password: str = "yeobi-demo") -> list[DemoUser]:
    """Create the demo agency, its two units and the demo users; existing ones are kept."""
    if session.scalar(select(Agency).where(Agency.code == DEMO_AGENCY[0])) is None:
        session.add(Agency(code=DEMO_AGENCY[0], name=DEMO_AGENCY[1]))
        session.commit()
    for code, name, location in DEMO_UNITS:
        if session.scalar(select(Unit).where(Unit.code == code)) is None:
            create_unit(session=session, agency_code=DEMO_AGENCY[0], code=code, name=name,
                        location=location)
    for i, demo in enumerate(DEMO_USERS, start=1):
        if session.scalar(select(User).where(User.username == demo.username)) is None:
            create_user(session=session, username=demo.username, password=password, name=demo.name,
                        employee_no=f"D{2026000 + i}", unit_code=demo.unit, grade=demo.grade,
                        roles=demo.roles, approves=demo.approves,
                        service_account=demo.username == "finance1")
    return list(DEMO_USERS)
