"""The rows of an export batch: a page of them as dicts, or all of them as a streamed CSV."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from sqlalchemy import BigInteger, String, case, cast, column, func, literal, select, true
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from app.models import ExportBatch, Statement, Trip, Unit, User

ITEMS = ("fare", "daily", "meal", "lodging", "duty_area", "fuel", "toll")
CSV_HEADER = ("batch_id", "trip_id", "employee_no", "name", "unit_code", "unit_name", *ITEMS,
              "total", "settled_at")
CSV_CHUNK_ROWS = 1000
CSV_CHUNK_BYTES = 64 * 1024
# Spreadsheet formula injection (OWASP "CSV injection"): a text cell must not start with these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _row_query(dialect: str, batch_id: int):
    stmt = (select(Statement.trip_id, User.employee_no, User.name, Unit.code.label("unit_code"),
                   Unit.name.label("unit_name"), Statement.total, Statement.settled_at)
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
    # Set on this statement only: on the connection it would stream every later statement of the
    # transaction too, and PostgreSQL cannot DECLARE a cursor for an INSERT (the access log's).
    result = session.connection().execute(stmt, execution_options={"yield_per": CSV_CHUNK_ROWS})
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
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value or ""


def _sql_text(col):
    """_text() in SQL, for the PostgreSQL COPY path."""
    return case((func.left(col, 1).in_(FORMULA_STARTS), literal("'") + col), else_=func.coalesce(col, ""))


def csv_rows(*, session: Session, batch: ExportBatch) -> Iterator[str | bytes]:
    """The batch as UTF-8 CSV with a BOM (a spreadsheet opens it), streamed in chunks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    buffer.write("\ufeff")
    writer.writerow(CSV_HEADER)
    yield buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    if session.get_bind().dialect.name == "postgresql":
        yield from _pg_copy(session, batch.id)
        return
    for chunk in _rows(session, batch.id):
        for trip_id, employee_no, name, unit_code, unit_name, total, settled_at, *amounts in chunk:
            writer.writerow((batch.id, trip_id, _text(employee_no), _text(name), _text(unit_code),
                             _text(unit_name), *amounts, total,
                             settled_at.isoformat() if settled_at else ""))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _pg_copy(session: Session, batch_id: int) -> Iterator[bytes]:
    """PostgreSQL writes the CSV itself (COPY ... TO STDOUT): no per-value decoding in Python."""
    query = _row_query("postgresql", batch_id).subquery()
    seoul = func.timezone("Asia/Seoul", query.c.settled_at)
    stmt = select(literal(batch_id), query.c.trip_id, *[_sql_text(query.c[k]) for k in (
        "employee_no", "name", "unit_code", "unit_name")], *[query.c[item] for item in ITEMS],
        query.c.total, func.to_char(seoul, 'YYYY-MM-DD"T"HH24:MI:SS.US') + cast("+09:00", String)
    ).order_by(query.c.trip_id)
    sql = str(stmt.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    raw = session.connection().connection.dbapi_connection
    pending: list[bytes] = []
    size = 0
    with raw.cursor() as cursor, cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
        for data in copy:  # one row per message: gather them into larger chunks
            pending.append(bytes(data))
            size += len(data)
            if size >= CSV_CHUNK_BYTES:
                yield b"".join(pending)
                pending, size = [], 0
    yield b"".join(pending)
