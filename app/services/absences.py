"""Approvers' absences: while one is away, their substitute decides their steps (대결)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import Forbidden, NotFound, ValidationFailed
from app.models import Absence, User, now_seoul

MAX_LENGTH = timedelta(days=366)


def active_substitutes(*, session: Session, user_ids: set[int], allowed: set[int],
                       at: datetime | None = None) -> dict[int, int]:
    """absent user -> substitute, for those of `user_ids` away at `at` (now), whose substitute is
    in `allowed` (still approves in the unit); the latest registered absence wins."""
    if not user_ids:
        return {}
    at = at or now_seoul()
    rows = session.scalars(select(Absence).where(
        Absence.user_id.in_(user_ids), Absence.cancelled_at.is_(None),
        Absence.start_at <= at, Absence.end_at > at).order_by(Absence.id))
    return {a.user_id: a.substitute_id for a in rows if a.substitute_id in allowed}


def _validate(actor: User, data: dict, substitute: User | None) -> None:
    errors: dict[str, list[str]] = {}
    start, end = data["start_at"], data["end_at"]
    if start.tzinfo is None or end.tzinfo is None:
        errors["start_at"] = ["Give times with their UTC offset, e.g. 2026-12-08T09:00+09:00."]
    elif end <= start:
        errors["end_at"] = ["The absence must end after it starts."]
    elif end - start > MAX_LENGTH:
        errors["end_at"] = ["An absence lasts at most a year."]
    elif end <= now_seoul():
        errors["end_at"] = ["The absence is over already."]
    if substitute is None or not substitute.active:
        errors["substitute_id"] = ["No such user."]
    elif substitute.id == actor.id:
        errors["substitute_id"] = ["Name someone else as your substitute."]
    elif not substitute.approved_unit_ids & actor.approved_unit_ids:
        errors["substitute_id"] = ["The substitute must be an approver of a unit you approve for."]
    if errors:
        raise ValidationFailed(errors=errors)


def create_absence(*, session: Session, actor: User, data: dict) -> Absence:
    """Register `actor`'s absence with a substitute who approves in one of their units."""
    if not actor.approved_unit_ids:
        raise Forbidden("Only an approver registers an absence with a substitute.")
    substitute = session.get(User, data["substitute_id"])
    _validate(actor, data, substitute)
    absence = Absence(user_id=actor.id, substitute_id=substitute.id, start_at=data["start_at"],
                      end_at=data["end_at"], reason=(data.get("reason") or "").strip())
    session.add(absence)
    session.commit()
    return absence


def list_absences(*, session: Session, actor: User) -> list[Absence]:
    """`actor`'s absences that were not withdrawn, latest first."""
    return list(session.scalars(select(Absence).where(
        Absence.user_id == actor.id, Absence.cancelled_at.is_(None))
        .order_by(Absence.start_at.desc(), Absence.id.desc())))


def substituting_for(*, session: Session, actor: User) -> list[Absence]:
    """Absences in force now in which `actor` is the substitute."""
    now = now_seoul()
    return list(session.scalars(select(Absence).where(
        Absence.substitute_id == actor.id, Absence.cancelled_at.is_(None),
        Absence.start_at <= now, Absence.end_at > now).order_by(Absence.start_at)))


def cancel_absence(*, session: Session, actor: User, absence_id: int) -> None:
    """Withdraw one of `actor`'s absences: the substitute's authority ends now."""
    absence = session.get(Absence, absence_id)
    if absence is None or absence.user_id != actor.id or absence.cancelled_at is not None:
        raise NotFound(f"Absence {absence_id} not found.")
    absence.cancelled_at = now_seoul()
    session.commit()


def substitute_choices(*, session: Session, actor: User) -> list[User]:
    """Users who may substitute for `actor`: approvers of a unit `actor` approves for, by name."""
    from app.models import ApproverUnit, Role, UserRole

    units = actor.approved_unit_ids
    if not units:
        return []
    return list(session.scalars(
        select(User).join(ApproverUnit, ApproverUnit.user_id == User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(ApproverUnit.unit_id.in_(units), UserRole.role == Role.APPROVER.value,
               User.id != actor.id, User.active.is_(True)).distinct().order_by(User.name)))
