"""The personal-data access log (개인정보의 안전성 확보조치 기준 제8조): record, list, prune.

Every read of another person's trip, receipt image, statement or export rows adds a row in the
reading use case's transaction, and that use case commits before it hands the data out: if the
row cannot be written, the read fails. Reads of one's own data are not recorded.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import logging

from sqlalchemy import Select, and_, delete, func, insert, literal, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.errors import AccessLogUnavailable, Forbidden, ValidationFailed
from app.models import (AccessAction, AccessLog, AccessResource, Role, Statement, Trip, User,
                        now_seoul, seoul_midnight)

log = logging.getLogger("yeobi.access_log")
UNAVAILABLE = ("The read could not be recorded in the personal-data access log, so nothing was "
               "shown. Try again later.")

# 안전성 확보조치 기준 제8조①: two years for 50,000+ data subjects or unique identifiers; this
# service is meant for every central agency's staff, so two years.
RETENTION_YEARS = 2
REASON_MAX = 500
# How a statement's rendering counts: the API's JSON, the printable page, the PDF.
FORMAT_ACTIONS = {"json": AccessAction.READ, "html": AccessAction.VIEW,
                  "pdf": AccessAction.DOWNLOAD}


@dataclass(frozen=True)
class Origin:
    """Where a read comes from: the caller's address, and the reason (사유) when one is asked."""

    ip: str
    reason: str | None = None


def record_read(*, session: Session, actor: User, subject_id: int, resource: AccessResource,
                resource_id: int, action: AccessAction, origin: Origin) -> bool:
    """Add the log row for `actor` reading `subject_id`'s data (not for their own); caller commits."""
    if subject_id == actor.id:
        return False
    session.add(AccessLog(actor_id=actor.id, subject_id=subject_id, resource=resource.value,
                          resource_id=resource_id, action=action.value, reason=origin.reason,
                          ip=origin.ip[:45], at=now_seoul()))
    _write(session, session.flush)
    return True


def _write(session: Session, write):
    """Run the log write; if it fails, roll back and refuse the read (503), never show the data."""
    try:
        return write()
    except SQLAlchemyError as exc:
        session.rollback()
        log.error("access log write failed: %s", type(exc.orig if hasattr(exc, "orig") else exc)
                  .__name__)
        raise AccessLogUnavailable(UNAVAILABLE) from None


def record_batch_read(*, session: Session, actor: User, batch_id: int, action: AccessAction,
                      origin: Origin, trip_ids: list[int] | None = None) -> int:
    """One row per traveler whose statement in the batch is read (`trip_ids`: only those rows).

    A single INSERT ... SELECT: a CSV of 100,000 statements adds its rows in the database.
    """
    subjects = (select(Trip.traveler_id).distinct().join(Statement, Statement.trip_id == Trip.id)
                .where(Statement.export_batch_id == batch_id, Trip.traveler_id != actor.id))
    if trip_ids is not None:
        subjects = subjects.where(Trip.id.in_(trip_ids))
    rows = select(literal(actor.id), subjects.subquery().c.traveler_id,
                  literal(AccessResource.EXPORT.value), literal(batch_id),
                  literal(action.value), literal(origin.reason), literal(origin.ip[:45]),
                  literal(now_seoul(), AccessLog.at.type))
    columns = ("actor_id", "subject_id", "resource", "resource_id", "action", "reason", "ip", "at")
    stmt = insert(AccessLog).from_select(columns, rows)
    return _write(session, lambda: session.execute(stmt).rowcount)


def require_reason(origin: Origin) -> Origin:
    """The origin with its reason trimmed; 422 when none was given (downloads must say why)."""
    reason = (origin.reason or "").strip()
    if not reason:
        raise ValidationFailed(errors={"reason": [
            "Say why you download this personal data (사유), e.g. '11월 여비 지급'."]})
    if len(reason) > REASON_MAX:
        raise ValidationFailed(errors={"reason": [f"At most {REASON_MAX} characters."]})
    return Origin(ip=origin.ip, reason=reason)


@dataclass(frozen=True)
class AccessFilter:
    """What the admin's list can be narrowed by (dates are inclusive Seoul calendar days)."""

    subject_id: int | None = None
    actor_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def apply(self, stmt: Select) -> Select:
        """`stmt` narrowed to this filter."""
        if self.subject_id:
            stmt = stmt.where(AccessLog.subject_id == self.subject_id)
        if self.actor_id:
            stmt = stmt.where(AccessLog.actor_id == self.actor_id)
        if self.date_from:
            stmt = stmt.where(AccessLog.at >= seoul_midnight(self.date_from))
        if self.date_to:
            stmt = stmt.where(AccessLog.at < seoul_midnight(self.date_to + timedelta(days=1)))
        return stmt


def list_access(*, session: Session, actor: User, filters: AccessFilter, page: int = 1,
                per_page: int = 20) -> tuple[list[AccessLog], int]:
    """Access-log rows, newest first, a page at a time, with the total (admin only)."""
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("Only an admin can read the access log.")
    total = session.scalar(filters.apply(select(func.count(AccessLog.id)))) or 0
    rows = session.scalars(filters.apply(select(AccessLog))
                           .order_by(AccessLog.at.desc(), AccessLog.id.desc())
                           .limit(per_page).offset((page - 1) * per_page)).all()
    return list(rows), int(total)


def retention_cutoff(now: datetime | None = None) -> datetime:
    """Rows before this are past retention: Seoul midnight of the same day two years back.

    A little earlier than "now minus two years", which the database triggers allow to delete.
    """
    today = (now or now_seoul()).date()
    try:
        then = today.replace(year=today.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        then = today.replace(year=today.year - RETENTION_YEARS, day=28)
    return seoul_midnight(then)


def prune(*, session: Session, now: datetime | None = None, dry_run: bool = False) -> int:
    """Delete rows past retention (the only delete the triggers allow); returns how many."""
    cutoff = retention_cutoff(now)
    old = AccessLog.at < cutoff
    if dry_run:
        return int(session.scalar(select(func.count(AccessLog.id)).where(old)) or 0)
    try:
        removed = session.execute(delete(AccessLog).where(old)
                                  .execution_options(synchronize_session=False)).rowcount
        session.commit()
    except Exception:
        session.rollback()
        raise
    return int(removed)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """[first Seoul midnight of the month, first of the next)."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return seoul_midnight(first), seoul_midnight(following)


def reads_by_actor(*, session: Session, month: date) -> list[tuple[User, int, int]]:
    """(actor, distinct people read, reads) for every actor who read others' data in `month`."""
    start, end = month_bounds(month)
    stmt = (select(AccessLog.actor_id, func.count(func.distinct(AccessLog.subject_id)),
                   func.count(AccessLog.id))
            .where(and_(AccessLog.at >= start, AccessLog.at < end))
            .group_by(AccessLog.actor_id))
    counts = session.execute(stmt).all()
    users = {u.id: u for u in session.scalars(select(User).where(
        User.id.in_([row[0] for row in counts])))}
    return [(users[actor_id], int(people), int(reads)) for actor_id, people, reads in counts]
