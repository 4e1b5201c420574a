"""Finance export benchmark: 100,000 settled statements -> one batch -> its CSV download.

Run by hand (not in the test suite), on a scratch database it creates from the migrations:

    .venv/bin/python benchmarks/export_bench.py --db sqlite:////tmp/yeobi-export-bench.sqlite3
    .venv/bin/python benchmarks/export_bench.py --db postgresql://postgres@127.0.0.1/yeobi_bench_settle

Reports seconds for making the batch and for streaming the CSV through the HTTP layer (test client),
then the CSV's peak Python memory (tracemalloc, on a second download: tracing slows Python down) and
the peak RSS of the measuring process (a fresh one, so the bulk insert does not count). Target: under
10 s and 200 MB.
"""
from __future__ import annotations

import argparse
import csv
import io
import resource
import subprocess
import sys
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, insert, text  # noqa: E402

from app import create_app  # noqa: E402
from app.config import Config, _normalise_db_url  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import SEOUL, Agency, ExportBatch, Statement, Trip, Unit, User, UserRole  # noqa: E402
from app.services import exports  # noqa: E402

LINES = [  # varied per statement in _lines() so the database cannot cache one answer for all
    {"item": "daily", "quantity": 2, "unit_amount": 25000, "amount": 50000,
     "rule": "공무원 여비 규정 제16조③", "note": "1~2일째"},
    {"item": "meal", "quantity": 2, "unit_amount": 25000, "amount": 50000, "rule": "공무원 여비 규정 제16조⑤",
     "note": "여행일수 2일 (제5조)"},
    {"item": "fare", "quantity": 1, "unit_amount": 59800, "amount": 59800,
     "rule": "공무원 여비 규정 제15조, 별표 2", "note": "rail 일반실 서울-부산 영수증 1"},
    {"item": "lodging", "quantity": 1, "unit_amount": 80000, "amount": 80000,
     "rule": "공무원 여비 규정 제16조①, 별표 2", "note": "2026-03-10 숙박, 실지출 80,000원"},
]


def _lines(i: int) -> list[dict]:
    """A statement's lines; the fare and lodging differ from one statement to the next."""
    fare, lodging = 23700 + i % 36100, 50000 + i % 30001
    lines = [dict(line) for line in LINES]
    lines[2].update(unit_amount=fare, amount=fare, note=f"rail 일반실 서울-부산 영수증 {i}")
    lines[3].update(unit_amount=lodging, amount=lodging, note=f"숙박, 실지출 {lodging:,}원")
    return lines


def _total(i: int) -> int:
    return sum(line["amount"] for line in _lines(i))
CHUNK = 5000


def _reset(url: str) -> None:
    """An empty schema built by the migrations, as production builds it."""
    from flask_migrate import upgrade

    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    app = create_app(Config(ENV="testing", SQLALCHEMY_DATABASE_URI=url, OCR_EMBEDDED_WORKER=False))
    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
        db.engine.dispose()


def _bulk_insert(n: int, travelers: int = 1000, units: int = 10) -> int:
    """n settled trips with their statements, by core INSERTs in chunks; returns the finance user id."""
    s = db.session
    s.execute(insert(Agency).values(id=1, code="BENCH", name="벤치마크청"))
    s.execute(insert(Unit), [{"id": u, "agency_id": 1, "code": f"B{u:02d}", "name": f"벤치{u}과"}
                             for u in range(1, units + 1)])
    now = datetime(2026, 3, 13, 9, 0, tzinfo=SEOUL)
    s.execute(insert(User), [{"id": i, "username": f"bench{i}", "employee_no": f"B{i:07d}",
                              "name": f"김여비{i}", "unit_id": 1 + i % units, "grade": 2,
                              "password_hash": "x", "is_service_account": False, "active": True,
                              "created_at": now} for i in range(1, travelers + 2)])
    finance_id = travelers + 1
    s.execute(insert(UserRole).values(user_id=finance_id, role="finance"))
    start, end = now - timedelta(days=3), now - timedelta(days=2)
    for first in range(1, n + 1, CHUNK):
        ids = range(first, min(n, first + CHUNK - 1) + 1)
        s.execute(insert(Trip), [{
            "id": i, "traveler_id": 1 + i % travelers, "unit_id": 1 + (1 + i % travelers) % units,
            "purpose": "부산 출장", "origin": "세종특별자치시", "destination": "부산광역시 해운대구",
            "region_class": "metro", "start_at": start, "end_at": end, "transport": "rail",
            "within_duty_area": False, "status": "settled", "version": 4, "created_at": start,
            "updated_at": now, "settled_at": now} for i in ids])
        s.execute(insert(Statement), [{
            "id": i, "trip_id": i, "grade": 2, "rules_version": "2023-03-02", "lines": _lines(i),
            "flags": [], "total": _total(i), "created_at": now, "settled_at": now} for i in ids])
    if s.get_bind().dialect.name == "postgresql":
        for table in ("agencies", "units", "users", "trips", "statements"):
            s.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT max(id) FROM {table}))"))
    s.commit()
    return finance_id


def _timed(label: str, fn):
    began = time.perf_counter()
    result = fn()
    print(f"{label:<34} {time.perf_counter() - began:7.2f} s")
    return result


def _traced(label: str, fn):
    """Run `fn` again under tracemalloc (which slows Python several times: not for timing)."""
    tracemalloc.start()
    result = fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:<34} peak Python memory {peak / 2**20:6.1f} MB")
    return result


def _app(url: str):
    return create_app(Config(ENV="testing", SQLALCHEMY_DATABASE_URI=url, OCR_EMBEDDED_WORKER=False,
                             SECRET_KEY="bench-secret-0123456789abcdef-0123456789",
                             JWT_SECRET_KEY="bench-jwt-0123456789abcdef-0123456789"))


def _prepare(url: str, n: int) -> int:
    _reset(url)
    with _app(url).app_context():
        began = time.perf_counter()
        finance_id = _bulk_insert(n)
        print(f"{db.engine.dialect.name}: inserted {n:,} settled statements in "
              f"{time.perf_counter() - began:.1f} s")
        db.engine.dispose()
    return finance_id


def _download(client, token: str, batch_id: int) -> tuple[int, int, str]:
    resp = client.get(f"/api/v1/exports/{batch_id}?format=csv&reason=benchmark", buffered=False,
                      headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    size, rows, head = 0, -1, ""
    for chunk in resp.response:
        text_chunk = chunk.decode() if isinstance(chunk, bytes) else chunk
        if len(head) < 2000:  # the header comes as a chunk of its own
            head += text_chunk[:2000]
        size += len(text_chunk.encode())
        rows += text_chunk.count("\n")
    resp.close()
    return size, rows, head


def _rss_mb() -> float:
    """This process's resident memory now (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _measure(url: str, n: int, finance_id: int) -> None:
    """Time the batch and the CSV, then trace the CSV's memory; RSS counts only this process."""
    from flask_jwt_extended import create_access_token

    app = _app(url)
    print(f"RSS with the app loaded, before the export:  {_rss_mb():.0f} MB")
    with app.app_context():
        finance = db.session.get(User, finance_id)
        batch = _timed("export batch (one UPDATE)", lambda: exports.create_batch(
            session=db.session, actor=finance))
        batch_id, count, total = batch.id, batch.item_count, batch.total
        token = create_access_token(identity=str(finance_id))
        db.session.remove()
    client = app.test_client()
    size, rows, head = _timed("CSV download (streamed, HTTP)", lambda: _download(client, token, batch_id))
    _traced("CSV download again", lambda: _download(client, token, batch_id))
    first = next(csv.DictReader(io.StringIO(head.lstrip("\ufeff"))))
    print(f"batch {batch_id}: {count:,} statements, total {total:,} KRW; CSV {rows:,} rows, "
          f"{size / 2**20:.1f} MB; first row trip {first['trip_id']} {first['name']} {first['total']}")
    assert count == rows == n and total == sum(_total(i) for i in range(1, n + 1))
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the measuring process (app + batch + 2 downloads): {peak_rss:.0f} MB")
    with app.app_context():
        assert db.session.get(ExportBatch, batch_id).item_count == n
        db.engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="scratch database URL (it is emptied)")
    parser.add_argument("-n", type=int, default=100_000, help="settled statements")
    parser.add_argument("--measure-only", type=int, metavar="FINANCE_ID", help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = _normalise_db_url(args.db)
    if args.measure_only:
        _measure(url, args.n, args.measure_only)
        return 0
    finance_id = _prepare(url, args.n)
    # A fresh process, so that its peak RSS is the export's and not the bulk insert's.
    return subprocess.call([sys.executable, __file__, "--db", args.db, "-n", str(args.n),
                            "--measure-only", str(finance_id)])


if __name__ == "__main__":
    sys.exit(main())
