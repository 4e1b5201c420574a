"""Finance export: batch every settled statement exactly once, stream it as CSV, confirm payment."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

from sqlalchemy import BigInteger, cast, column, func, select, true, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.models import ExportBatch, Role, Statement, Trip, Unit, User, now_seoul
from app.services.trips import record_transition
from workflow.states import Action, TripStatus

ITEMS = ("fare", "daily", "meal", "lodging", "duty_area", "fuel", "toll")
CSV_HEADER = ("batch_id", "trip_id", "employee_no", "name", "unit_code", "unit_name", *ITEMS,
              "total", "settled_at")
CSV_CHUNK_ROWS = 1000


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


def _row_query(dialect: str, batch_id: int):
    stmt = (select(Statement.trip_id, User.employee_no, User.name, Unit.code, Unit.name,
                   Statement.total, Statement.settled_at)
            .join(Trip, Trip.id == Statement.trip_id).join(User, User.id == Trip.traveler_id)
            .join(Unit, Unit.id == Trip.unit_id)
            .where(Statement.export_batch_id == batch_id).order_by(Statement.trip_id))
    if dialect != "postgresql":
        return stmt.add_columns(Statement.lines)  # summed in Python, see _rows
    # PostgreSQL sums each item in the server (one LATERAL pass over the lines): decoding 100,000
    # JSON documents in Python costs seconds. SQLite is faster the Python way.
    elems = func.jsonb_array_elements(Statement.lines).table_valued(column("value", JSONB)).alias("e")
    amount = cast(elems.c.value["amount"].astext, BigInteger)
    sums = select(*[func.coalesce(func.sum(amount).filter(elems.c.value["item"].astext == item), 0)
                    .label(item) for item in ITEMS]).lateral("sums")
    return stmt.join(sums, true()).add_columns(*[sums.c[item] for item in ITEMS])


def _rows(session: Session, batch_id: int, *, limit: int | None = None,
          offset: int = 0) -> Iterator[list[tuple]]:
    """Chunks of (trip_id, employee_no, name, unit_code, unit_name, total, settled_at, *ITEMS)."""
    dialect = session.get_bind().dialect.name
    stmt = _row_query(dialect, batch_id)
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    # Core rows from a streaming cursor (yield_per): memory stays flat however big the batch.
    result = session.connection().execution_options(yield_per=CSV_CHUNK_ROWS).execute(stmt)
    index = {item: i for i, item in enumerate(ITEMS)}
    for chunk in result.partitions():
        if dialect == "postgresql":
            yield [tuple(row) for row in chunk]
            continue
        rows = []
        for *head, lines in chunk:
            amounts = [0] * len(ITEMS)
            for line in lines:
                i = index.get(line.get("item"))
                if i is not None:
                    amounts[i] += int(line.get("amount") or 0)
            rows.append((*head, *amounts))
        yield rows


def batch_items(*, session: Session, batch: ExportBatch, page: int = 1,
                per_page: int = 20) -> list[dict]:
    """One page of a batch's rows as dicts (the CSV's columns)."""
    keys = ("trip_id", "employee_no", "name", "unit_code", "unit_name", "total", "settled_at", *ITEMS)
    return [{"batch_id": batch.id, **dict(zip(keys, row))}
            for chunk in _rows(session, batch.id, limit=per_page, offset=(page - 1) * per_page)
            for row in chunk]


def _text(value: str | None) -> str:
    # Spreadsheet formula injection: a text cell must not start with = + - @ (OWASP CSV injection).
    if value and value[0] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value or ""


def csv_rows(*, session: Session, batch: ExportBatch) -> Iterator[str]:
    """The batch as UTF-8 CSV text with a BOM, one chunk of rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(CSV_HEADER)
    for chunk in _rows(session, batch.id):
        for trip_id, employee_no, name, unit_code, unit_name, total, settled_at, *amounts in chunk:
            writer.writerow((batch.id, trip_id, _text(employee_no), _text(name), _text(unit_code),
                             _text(unit_name), *amounts, total,
                             settled_at.isoformat() if settled_at else ""))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


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
        trips = session.scalars(select(Trip).join(Statement, Statement.trip_id == Trip.id)
                                .where(Statement.export_batch_id == batch.id).order_by(Trip.id)).all()
        comment = f"지급 {payment_date.isoformat()} ({reference}), 일괄 {batch.id}"
        for trip in trips:
            record_transition(session=session, trip=trip, action=Action.PAY, actor=actor,
                              comment=comment, request_id=request_id)
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
