"""Finance export: batch every settled statement exactly once, stream it as CSV, confirm payment."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.models import ExportBatch, Role, Statement, Trip, TripEvent, User, now_seoul
from app.services.export_rows import batch_items, csv_rows
from app.services.trips import bulk_transition
from workflow.states import Action, TripStatus

PAY_CHUNK = 500

__all__ = ["batch_items", "cancel_batch", "confirm_batch", "create_batch", "csv_rows", "get_batch",
           "list_batches"]


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


def _pay_trips(session: Session, batch_id: int, actor: User, comment: str, request_id: str) -> None:
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
                        request_id=request_id)


def confirm_batch(*, session: Session, batch_id: int, actor: User, payment_date: date,
                  payment_reference: str, request_id: str = "") -> ExportBatch:
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
        _pay_trips(session, batch.id, actor, comment, request_id)
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
