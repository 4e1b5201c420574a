"""How fast the approver's queue page is with thousands of pending trips in one unit (run by hand).

    .venv/bin/python benchmarks/queue_bench.py                      # SQLite in a temp folder
    .venv/bin/python benchmarks/queue_bench.py --db postgresql://postgres@127.0.0.1/yeobi_bench
    .venv/bin/python benchmarks/queue_bench.py --trips 5000 --runs 200

Builds the schema with the migrations, seeds the demo users and --trips applied trips in UNIT-A (from
50 travelers, a tenth of them in settlement review with a statement and flags, some with receipts),
logs in as approver1 through the login form and times GET /web/ (first page, a deep page and a
filtered page) in-process: the server's time from request to rendered HTML, without the network.
Prints p50/p95/max per page and whether p95 is under the 150 ms target.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, select, text  # noqa: E402

from app import create_app  # noqa: E402
from app.config import Config, _normalise_db_url  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import SEOUL, Receipt, Statement, Trip, Unit, User  # noqa: E402
from app.services import accounts  # noqa: E402

TARGET_P95_MS = 150.0


def _app(url: str, tmp: Path):
    app = create_app(Config(ENV="testing", SQLALCHEMY_DATABASE_URI=url, UPLOAD_DIR=str(tmp / "up"),
                            OCR_EMBEDDED_WORKER=False, SECRET_KEY="bench-secret-0123456789abcdef0123",
                            JWT_SECRET_KEY="bench-jwt-secret-0123456789abcdef0123"))
    return app


def _reset(url: str) -> None:
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()


def _seed(n_trips: int) -> None:
    from flask_migrate import upgrade

    upgrade(directory=str(ROOT / "migrations"))
    accounts.seed_demo(session=db.session)
    unit = db.session.scalar(select(Unit).where(Unit.code == "UNIT-A"))
    password = accounts.hash_password("bench-password")
    travelers = [User(username=f"bench{i}", employee_no=f"B{i:05d}", name=f"벤치{i}", unit_id=unit.id,
                       grade=2, password_hash=password) for i in range(50)]
    db.session.add_all(travelers)
    db.session.flush()
    now = datetime.now(SEOUL)
    rows = []
    for i in range(n_trips):
        # Each traveler's trips follow one another three days apart: no accidental overlaps.
        start = now + timedelta(days=3 * (i // 50), hours=i % 7)
        review = i % 10 == 0
        rows.append({"traveler_id": travelers[i % 50].id, "unit_id": unit.id, "purpose": f"벤치 출장 {i}",
                     "origin": "세종특별자치시", "destination": "부산광역시 해운대구",
                     "region_class": "metro", "start_at": start, "end_at": start + timedelta(hours=30),
                     "transport": "rail", "within_duty_area": False, "version": 3 if review else 2,
                     "status": "settlement_review" if review else "applied",
                     "created_at": now - timedelta(minutes=n_trips - i), "updated_at": now,
                     "applied_at": now - timedelta(minutes=n_trips - i)})
    db.session.execute(insert(Trip), rows)
    ids = db.session.scalars(select(Trip.id).where(Trip.status == "settlement_review")).all()
    db.session.execute(insert(Statement), [
        {"trip_id": t, "grade": 2, "rules_version": "2023-03-02", "total": 159800,
         "lines": [{"item": "fare", "quantity": 1, "unit_amount": 59800, "amount": 59800,
                    "rule": "공무원 여비 규정 제15조, 별표 2", "note": ""}],
         "flags": [{"code": "lodging_capped", "message": "숙박비 한도 초과분은 지급하지 않았습니다.",
                    "blocking": True, "ref": 0}]} for t in ids])
    some = db.session.scalars(select(Trip.id).order_by(Trip.id.desc()).limit(n_trips // 5)).all()
    db.session.execute(insert(Receipt), [
        {"trip_id": t, "uploader_id": travelers[0].id, "source": "upload", "trust": "ocr",
         "status": "done", "document_type": "rail_ticket", "content_type": "image/png",
         "ocr_fields": {"total_amount": 59800, "departure": "서울", "arrival": "부산"},
         "ocr_confidence": {"total_amount": 0.97, "departure": 0.52, "arrival": 0.9},
         "corrections": {}, "flags": [], "created_at": now} for t in some])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does on a live database; straight after a bulk load the planner would
        # believe the unit has one trip and sort all 5,000 instead of walking the index.
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def _login(client) -> None:
    page = client.get("/web/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    resp = client.post("/web/login", data={"username": "approver1", "password": "yeobi-demo",
                                           "csrf_token": token})
    assert resp.status_code == 303, resp.status_code


def _time(client, url: str, runs: int) -> list[float]:
    client.get(url)  # warm caches (templates, statement cache)
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        resp = client.get(url)
        out.append((time.perf_counter() - t0) * 1000)
        assert resp.status_code == 200, (url, resp.status_code)
    return out


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="PostgreSQL URL (its public schema is dropped!); default SQLite")
    parser.add_argument("--trips", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        url = _normalise_db_url(args.db) if args.db else f"sqlite:///{tmp / 'bench.sqlite3'}"
        _reset(url)
        app = _app(url, tmp)
        with app.app_context():
            t0 = time.perf_counter()
            _seed(args.trips)
            print(f"seeded {args.trips} trips in {time.perf_counter() - t0:.1f} s on "
                  f"{db.engine.dialect.name}")
            traveler = db.session.scalar(select(User.id).where(User.username == "bench7"))
        client = app.test_client()
        _login(client)
        pages = {"first page": "/web/", "page 100": "/web/?page=100",
                 "filtered (traveler, review)": f"/web/?traveler={traveler}&status=settlement_review",
                 "100 per page": "/web/?per_page=100"}
        worst = 0.0
        print(f"{'page':<30} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for name, url_ in pages.items():
            times = _time(client, url_, args.runs)
            p95 = _pct(times, 95)
            worst = max(worst, p95) if name != "100 per page" else worst
            print(f"{name:<30} {statistics.median(times):8.1f} {p95:8.1f} {max(times):8.1f}")
        with app.app_context():
            db.engine.dispose()
    verdict = "OK" if worst < TARGET_P95_MS else "OVER"
    print(f"p95 of the 20-a-page views: {worst:.1f} ms (target < {TARGET_P95_MS:.0f} ms): {verdict}")
    return 0 if worst < TARGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
