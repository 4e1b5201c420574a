"""Finance export: batch every settled statement exactly once, stream it as CSV, confirm payment."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.models import (AccessAction, ExportBatch, Role, Statement, Trip, TripEvent, User,
                        now_seoul)
from app.services.access_log import Origin, record_batch_read, require_reason
from app.services.export_rows import batch_items, csv_rows
from app.services.trips import bulk_transition
from app.settings import Settings
from workflow.states import Action, TripStatus

PAY_CHUNK = 500

__all__ = ["batch_items", "cancel_batch", "confirm_batch", "create_batch", "csv_rows", "get_batch",
           "list_batches", "open_batch_csv", "read_batch"]


def _require_finance(actor: User) -> None:
    if not actor.has_role(Role.FINANCE):
        raise Forbidden("Only finance can do this.")


def _require_reader(actor: User) -> None:
    if not (actor.has_role(Role.FINANCE) or actor.has_role(Role.ADMIN)):
        raise Forbidden("Only finance (or an admin) can read export batches.")


def _exportable():
    """Statements of settled trips that are in no batch yet."""
    settled = select(Trip.id).where(Trip.status == TripStatus.SETTLED.value)
    return (Statement.export_batch_id.is_(None), Statement.settled_at.is_not(None),
            Statement.trip_id.in_(settled))


def create_batch(*, session: Session, actor: User) -> ExportBatch | None:
    """A batch of every settled statement not yet in a batch; None (nothing saved) when none is."""
    _require_finance(actor)
    try:
        batch = ExportBatch(created_by=actor.id, status="open", created_at=now_seoul())
        session.add(batch)
        session.flush()
        # One UPDATE claims the rows: a concurrent batch re-checks `export_batch_id IS NULL` on
        # each row after our commit (PostgreSQL row locks; SQLite serialises writers), so no
        # statement ever lands in two batches.
        claimed = session.execute(update(Statement).where(*_exportable())
                                  .values(export_batch_id=batch.id)
                                  .execution_options(synchronize_session=False)).rowcount
        if not claimed:
            session.rollback()
            return None
        count, total = session.execute(select(func.count(Statement.id), func.coalesce(
            func.sum(Statement.total), 0)).where(Statement.export_batch_id == batch.id)).one()
        batch.item_count, batch.total = int(count), int(total)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return batch


def list_batches(*, session: Session, actor: User, page: int = 1,
                 per_page: int = 20) -> tuple[list[ExportBatch], int]:
    """Batches, newest first, a page at a time, with the total count."""
    _require_reader(actor)
    total = session.scalar(select(func.count(ExportBatch.id))) or 0
    rows = session.scalars(select(ExportBatch).order_by(ExportBatch.id.desc())
                           .limit(per_page).offset((page - 1) * per_page)).all()
    return list(rows), int(total)


def get_batch(*, session: Session, batch_id: int, actor: User, for_update: bool = False) -> ExportBatch:
    """One batch (finance or admin)."""
    _require_reader(actor)
    stmt = select(ExportBatch).where(ExportBatch.id == batch_id)
    if for_update and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    batch = session.scalar(stmt)
    if batch is None:
        raise NotFound(f"Export batch {batch_id} not found.")
    return batch


def read_batch(*, session: Session, batch_id: int, actor: User, origin: Origin, page: int = 1,
               per_page: int = 20) -> tuple[ExportBatch, list[dict]]:
    """A batch with a page of its rows; the travelers on that page go into the access log
    (with the reason finance gave) and are committed before the rows are handed out."""
    origin = require_reason(origin)
    batch = get_batch(session=session, batch_id=batch_id, actor=actor)
    on_page = session.scalars(select(Statement.trip_id).where(Statement.export_batch_id == batch.id)
                              .order_by(Statement.trip_id).limit(per_page)
                              .offset((page - 1) * per_page)).all()
    record_batch_read(session=session, actor=actor, batch_id=batch.id, action=AccessAction.READ,
                      origin=origin, trip_ids=list(on_page))
    session.commit()
    return batch, batch_items(session=session, batch=batch, page=page, per_page=per_page)


def open_batch_csv(*, session: Session, batch_id: int, actor: User, origin: Origin) -> ExportBatch:
    """The batch whose every row is about to be streamed as CSV: every traveler in it goes into
    the access log first (committed), so a download that cannot be logged never starts."""
    origin = require_reason(origin)
    batch = get_batch(session=session, batch_id=batch_id, actor=actor)
    record_batch_read(session=session, actor=actor, batch_id=batch.id,
                      action=AccessAction.DOWNLOAD, origin=origin)
    session.commit()
    return batch


def _pay_trips(session: Session, batch_id: int, actor: User, comment: str, request_id: str,
               settings: Settings) -> None:
    """Every trip of the batch -> paid with its audit row, a chunk at a time (one transaction)."""
    in_batch = select(Statement.trip_id).where(Statement.export_batch_id == batch_id)
    trip_ids = session.scalars(in_batch.order_by(Statement.trip_id)).all()
    for first in range(0, len(trip_ids), PAY_CHUNK):
        chunk = trip_ids[first:first + PAY_CHUNK]
        # Each trip's latest audit row in one query, instead of one lookup per trip.
        latest = (select(TripEvent.trip_id, func.max(TripEvent.seq).label("seq"))
                  .where(TripEvent.trip_id.in_(chunk)).group_by(TripEvent.trip_id).subquery())
        last = {row.trip_id: row for row in session.execute(
            select(TripEvent.trip_id, TripEvent.seq, TripEvent.hash).join(
                latest, (TripEvent.trip_id == latest.c.trip_id) & (TripEvent.seq == latest.c.seq)))}
        bulk_transition(session=session, trip_ids=list(chunk), from_status=TripStatus.SETTLED,
                        action=Action.PAY, actor=actor, last_events=last, comment=comment,
                        request_id=request_id, settings=settings)


def confirm_batch(*, session: Session, batch_id: int, actor: User, payment_date: date,
                  payment_reference: str, settings: Settings, request_id: str = "") -> ExportBatch:
    """Mark every trip of an open batch paid (audit row each); repeating it changes nothing."""
    _require_finance(actor)
    reference = (payment_reference or "").strip()
    if not reference:
        raise ValidationFailed(errors={"payment_reference": ["Give the payment reference."]})
    try:
        batch = get_batch(session=session, batch_id=batch_id, actor=actor, for_update=True)
        if batch.status == "confirmed":
            if (batch.payment_date, batch.payment_reference) != (payment_date, reference):
                raise Conflict(f"Batch {batch_id} was already confirmed as paid on "
                               f"{batch.payment_date} with reference {batch.payment_reference}.")
            return batch
        if batch.status != "open":
            raise Conflict(f"Batch {batch_id} is {batch.status}; only an open batch can be confirmed.")
        comment = f"지급 {payment_date.isoformat()} ({reference}), 일괄 {batch.id}"
        _pay_trips(session, batch.id, actor, comment, request_id, settings)
        batch.status, batch.confirmed_at = "confirmed", now_seoul()
        batch.payment_date, batch.payment_reference = payment_date, reference
        session.commit()
    except Exception:
        session.rollback()
        raise
    return batch


def cancel_batch(*, session: Session, batch_id: int, actor: User) -> ExportBatch:
    """Cancel an unconfirmed batch and free its statements for the next batch; repeat is harmless."""
    _require_finance(actor)
    try:
        batch = get_batch(session=session, batch_id=batch_id, actor=actor, for_update=True)
        if batch.status == "cancelled":
            return batch
        if batch.status != "open":
            raise Conflict(f"Batch {batch_id} is {batch.status}; a confirmed batch cannot be cancelled.")
        session.execute(update(Statement).where(Statement.export_batch_id == batch.id)
                        .values(export_batch_id=None).execution_options(synchronize_session=False))
        batch.status, batch.cancelled_at = "cancelled", now_seoul()
        session.commit()
    except Exception:
        session.rollback()
        raise
    return batch
