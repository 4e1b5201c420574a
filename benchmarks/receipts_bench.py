"""Receipts benchmark: upload N sample receipts through the API and wait until OCR has read them.

Two runs: the embedded pool (OCR_WORKERS threads inside the serving process), then the RQ queue
with two `flask ocr-worker` processes. Reports receipts per minute, p50/p90 seconds from upload to
done, and peak memory (RSS) of the process(es) doing OCR.

Run by hand (not part of the test suite; it keeps both cores busy for minutes):
  .venv/bin/python benchmarks/receipts_bench.py [--count 200] [--workers 2] [--redis-url URL]
      [--database-url postgresql://...] [--only embedded|redis]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.config import Config  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import SEOUL, Receipt  # noqa: E402
from app.services import accounts, trips  # noqa: E402

SAMPLES = ROOT / "sample_receipts"


def _samples(count: int) -> list[tuple[str, bytes]]:
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".jpg", ".png", ".pdf", ".heic"))
    return [(files[i % len(files)].name, files[i % len(files)].read_bytes()) for i in range(count)]


def _app(db_url: str, upload_dir: str, **extra):
    return create_app(Config(ENV="testing", SQLALCHEMY_DATABASE_URI=db_url, UPLOAD_DIR=upload_dir,
                             **extra))


def _prepare(db_url: str, upload_dir: str) -> None:
    from flask_migrate import upgrade

    app = _app(db_url, upload_dir, OCR_EMBEDDED_WORKER=False)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        accounts.seed_demo(session=db.session, password="bench-password")
        db.session.remove()
        db.engine.dispose()


def _login(client) -> dict:
    resp = client.post("/api/v1/auth/login", json={"username": "traveler1", "password": "bench-password"})
    return {"Authorization": f"Bearer {resp.get_json()['access_token']}"}


def _upload_all(app, files) -> list[int]:
    import io

    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    from app.models import User

    client = app.test_client()
    headers = _login(client)

    traveler = db.session.query(User).filter_by(username="traveler1").one()
    start = datetime(2025, 5, 19, 7, 0, tzinfo=SEOUL)
    trip = trips.create_trip(session=db.session, actor=traveler, data={
        "purpose": "benchmark", "destination": "부산광역시", "origin": "서울특별시",
        "start_at": start, "end_at": start + timedelta(days=3), "transport": "rail"})
    ids = []
    for name, data in files:
        boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), filename=name)})
        resp = client.post(f"/api/v1/trips/{trip.id}/receipts", headers=headers, data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
        assert resp.status_code == 202, resp.get_json()
        ids.append(resp.get_json()["id"])
    return ids


def _wait_done(ids: list[int], timeout: float) -> list[Receipt]:
    deadline = time.monotonic() + timeout
    while True:
        db.session.expire_all()
        rows = db.session.query(Receipt).filter(Receipt.id.in_(ids)).all()
        if all(r.status in ("done", "failed") for r in rows) or time.monotonic() > deadline:
            return rows
        time.sleep(0.5)


def _rss_hwm_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def _report(label: str, rows: list[Receipt], t0: float, t1: float, memory: str) -> None:
    latencies = sorted((r.processed_at - r.created_at).total_seconds() for r in rows if r.processed_at)
    done = sum(r.status == "done" for r in rows)
    failed = sum(r.status == "failed" for r in rows)
    wall = t1 - t0
    q = statistics.quantiles(latencies, n=10) if len(latencies) >= 2 else latencies * 9
    print(f"{label}: {len(rows)} receipts ({done} done, {failed} failed) in {wall:.1f} s = "
          f"{len(rows) / wall * 60:.1f} receipts/min; upload->done p50 {statistics.median(latencies):.1f} s, "
          f"p90 {q[8]:.1f} s; {memory}", flush=True)


def run_embedded(db_url: str, upload_dir: str, files, workers: int) -> None:
    app = _app(db_url, upload_dir, OCR_EMBEDDED_WORKER=True, OCR_WORKERS=workers)
    with app.app_context():
        t0 = time.monotonic()
        ids = _upload_all(app, files)
        t_up = time.monotonic() - t0
        rows = _wait_done(ids, timeout=3600)
        t1 = time.monotonic()
        app.extensions["ocr_pool"].stop()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        _report(f"embedded pool, {workers} threads (uploads took {t_up:.1f} s)", rows, t0, t1,
                f"peak RSS of the serving process {peak:.0f} MB")
        db.session.remove()
        db.engine.dispose()


def run_redis(db_url: str, upload_dir: str, files, workers: int, redis_url: str) -> None:
    queue = f"bench-ocr-{uuid.uuid4().hex[:8]}"
    app = _app(db_url, upload_dir, OCR_EMBEDDED_WORKER=False, REDIS_URL=redis_url, OCR_QUEUE_NAME=queue)
    env = {**os.environ, "DATABASE_URL": db_url, "UPLOAD_DIR": upload_dir, "REDIS_URL": redis_url,
           "OCR_QUEUE_NAME": queue, "OCR_EMBEDDED_WORKER": "0", "YEOBI_ENV": "testing"}
    procs = [subprocess.Popen([str(ROOT / ".venv/bin/flask"), "--app", "wsgi:app", "ocr-worker"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for _ in range(workers)]
    peaks = {p.pid: 0.0 for p in procs}
    stop = threading.Event()

    def watch():
        while not stop.wait(0.5):
            for p in procs:
                peaks[p.pid] = max(peaks[p.pid], _rss_hwm_mb(p.pid))

    threading.Thread(target=watch, daemon=True).start()
    try:
        time.sleep(3)  # let the workers import OpenCV/Tesseract before the clock starts
        with app.app_context():
            t0 = time.monotonic()
            ids = _upload_all(app, files)
            t_up = time.monotonic() - t0
            rows = _wait_done(ids, timeout=3600)
            t1 = time.monotonic()
            stop.set()
            mem = ", ".join(f"{v:.0f} MB" for v in peaks.values())
            _report(f"RQ queue, {workers} worker processes (uploads took {t_up:.1f} s)", rows, t0, t1,
                    f"peak RSS per worker {mem}")
            db.session.remove()
            db.engine.dispose()
    finally:
        stop.set()
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(30)
        from redis import Redis
        from rq import Queue

        Queue(queue, connection=Redis.from_url(redis_url)).delete(delete_jobs=True)


def main() -> None:
    import logging

    logging.getLogger("yeobi.access").setLevel(logging.WARNING)  # one line per upload is noise here
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--redis-url", default=os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))
    ap.add_argument("--database-url", default=None, help="default: a scratch SQLite file per run")
    ap.add_argument("--only", choices=("embedded", "redis"))
    args = ap.parse_args()
    files = _samples(args.count)
    for mode in ("embedded", "redis"):
        if args.only and args.only != mode:
            continue
        with tempfile.TemporaryDirectory(prefix="yeobi-bench-") as tmp:
            db_url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
            if args.database_url:
                _reset(db_url)
            _prepare(db_url, f"{tmp}/uploads")
            runner = run_embedded if mode == "embedded" else run_redis
            extra = (args.redis_url,) if mode == "redis" else ()
            runner(db_url, f"{tmp}/uploads", files, args.workers, *extra)


def _reset(db_url: str) -> None:
    from sqlalchemy import create_engine, text

    from app.config import _normalise_db_url

    engine = create_engine(_normalise_db_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


if __name__ == "__main__":
    main()
