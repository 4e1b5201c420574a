"""OCR jobs: retries, permanent failures, recovery after a crash, the embedded pool and the RQ queue."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

import ocr
from app.extensions import db
from app.models import OcrJob, Receipt, now_seoul
from app.services import ocr_jobs
from tests.api.receipt_support import RAIL, SAMPLES, fake_extract, headers_for, jpeg_bytes, make_trip, upload
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def kim(app):
    return make_user("kim")


@pytest.fixture
def queued(app, client, kim):
    """A receipt waiting for OCR; returns its id."""
    return upload(client, headers_for(client, "kim"), make_trip(kim).id, jpeg_bytes()).get_json()["id"]


def _job(receipt_id: int) -> OcrJob:
    db.session.expire_all()
    return db.session.query(OcrJob).filter_by(receipt_id=receipt_id).one()


def _receipt(receipt_id: int) -> Receipt:
    db.session.expire_all()
    return db.session.get(Receipt, receipt_id)


def _flaky(failures: int):
    """An engine that crashes `failures` times, then reads the ticket."""
    calls = {"n": 0}
    good = fake_extract(RAIL)

    def extract(data, filename=None, *, engine=None):
        calls["n"] += 1
        if calls["n"] <= failures:
            raise ocr.OcrEngineError("tesseract crashed")
        return good(data, filename, engine=engine)

    return extract


def test_a_job_that_crashes_once_is_retried_and_finishes(app, queued):
    app.extensions["yeobi_reader"] = _flaky(1)
    ocr_jobs.run_pending_jobs(app)
    job, receipt = _job(queued), _receipt(queued)
    assert job.status == "done" and job.attempts == 2 and job.finished_at is not None
    assert receipt.status == "done" and receipt.ocr_fields["total_amount"] == 59800


def test_a_job_that_keeps_crashing_fails_after_three_retries_with_a_readable_reason(app, queued):
    app.extensions["yeobi_reader"] = _flaky(100)
    ocr_jobs.run_pending_jobs(app)
    job, receipt = _job(queued), _receipt(queued)
    assert job.status == "failed" and job.attempts == app.config["OCR_MAX_ATTEMPTS"] == 4
    assert receipt.status == "failed" and "4번 시도했지만" in receipt.error
    assert "tesseract crashed" in receipt.error
    assert "ocr_failed" in {f["code"] for f in receipt.flags}


def test_unreadable_input_fails_at_once_without_retries(app, queued):
    def corrupt(data, filename=None, *, engine=None):
        raise ocr.CorruptInput()

    app.extensions["yeobi_reader"] = corrupt
    ocr_jobs.run_pending_jobs(app)
    assert _job(queued).attempts == 1 and _receipt(queued).status == "failed"
    assert "damaged" in _receipt(queued).error


def _processing(job: OcrJob, locked_by: str, minutes_ago: float, attempts: int = 1) -> None:
    job.status, job.locked_by, job.attempts = "processing", locked_by, attempts
    job.locked_at = now_seoul() - timedelta(minutes=minutes_ago)
    db.session.get(Receipt, job.receipt_id).status = "processing"
    db.session.commit()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.mark.parametrize("locked_by,minutes_ago,attempts,after", [
    ("other-host:123:1", 0.1, 1, "processing"),      # a live worker elsewhere: leave it alone
    ("other-host:123:1", 60, 1, "queued"),           # silent for an hour: timed out
    ("LOCAL:DEAD:1", 0.1, 1, "queued"),              # its process on this machine is gone
    ("LOCAL:DEAD:1", 0.1, 4, "failed"),              # ... and that was its last attempt
])
def test_recover_requeues_abandoned_jobs_only(app, queued, locked_by, minutes_ago, attempts, after):
    locked_by = locked_by.replace("LOCAL", socket.gethostname()).replace("DEAD", str(_dead_pid()))
    _processing(_job(queued), locked_by, minutes_ago, attempts)
    ocr_jobs.recover(db.session, ocr_jobs.job_settings(app))
    assert _job(queued).status == after
    assert _receipt(queued).status == after


def test_a_job_is_claimed_once_even_when_delivered_twice(app, queued):
    job_id = _job(queued).id
    assert ocr_jobs.claim(db.session, "w1", job_id) == job_id
    assert ocr_jobs.claim(db.session, "w2", job_id) is None
    assert ocr_jobs.claim(db.session, "w2") is None
    assert _job(queued).locked_by == "w1"


def test_a_worker_that_lost_its_job_does_not_overwrite_the_new_owner(app, queued):
    app.extensions["yeobi_reader"] = fake_extract(RAIL)
    job_id = ocr_jobs.claim(db.session, "slow-worker", _job(queued).id)
    job = _job(queued)
    job.locked_by = "someone-else"  # recovered and re-claimed while the slow worker was reading
    db.session.commit()
    assert ocr_jobs.process(db.session, job_id, "slow-worker", ocr_jobs.job_settings(app)) == "lost"
    assert _receipt(queued).status == "processing" and _receipt(queued).ocr_fields is None


def test_process_receipt_runs_ocr_now(app, queued):
    app.extensions["yeobi_reader"] = fake_extract(RAIL)
    receipt = ocr_jobs.process_receipt(session=db.session, receipt_id=queued,
                                       run=ocr_jobs.job_settings(app))
    assert receipt.status == "done" and receipt.effective_fields()["arrival"] == "부산"


def _wait_for(predicate, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.05)


def test_the_embedded_pool_starts_on_the_first_request_and_reads_uploads(backend, tmp_path, request):
    from tests.conftest import make_app

    app = make_app(backend, tmp_path, request, OCR_EMBEDDED_WORKER=True, OCR_WORKERS=2)
    app.extensions["yeobi_reader"] = fake_extract(RAIL)
    with app.app_context():
        kim = make_user("kim")
        client = app.test_client()
        assert "ocr_pool" not in app.extensions  # no thread before the serving process serves
        headers = headers_for(client, "kim")
        trip_id = make_trip(kim).id
        first = upload(client, headers, trip_id, jpeg_bytes()).get_json()["id"]
        pool = app.extensions["ocr_pool"]
        try:
            assert pool.size == 2 and pool.pid == os.getpid()
            ids = [first] + [upload(client, headers, trip_id, jpeg_bytes(color=(i, 0, 0))).get_json()["id"]
                             for i in range(1, 3)]
            _wait_for(lambda: all(_receipt(i).status == "done" for i in ids))
        finally:
            pool.stop()
            db.session.remove()
            db.engine.dispose()


def _worker(app, *args: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": str(db.engine.url.render_as_string(hide_password=False)),
           "UPLOAD_DIR": app.config["UPLOAD_DIR"], "OCR_EMBEDDED_WORKER": "0", "YEOBI_ENV": "testing",
           "OCR_WORKERS": "1"}
    env.pop("REDIS_URL", None)
    return subprocess.Popen([str(ROOT / ".venv/bin/flask"), "--app", "wsgi:app", "ocr-worker", *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_a_worker_killed_mid_job_loses_nothing_after_a_restart(app, client, kim):
    headers = headers_for(client, "kim")
    trip = make_trip(kim)
    samples = sorted(SAMPLES.glob("s_rail_*_clean.jpg"))[:3] or sorted(SAMPLES.glob("*.jpg"))[:3]
    ids = [upload(client, headers, trip.id, p.read_bytes()).get_json()["id"] for p in samples]
    worker = _worker(app)
    try:
        _wait_for(lambda: any(_job(i).status == "processing" for i in ids) or worker.poll() is not None)
        assert worker.poll() is None, worker.stdout.read().decode()
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        worker.stdout.close()
    stuck = [i for i in ids if _job(i).status == "processing"]
    assert stuck and _job(stuck[0]).locked_by.split(":")[1] == str(worker.pid)

    restart = _worker(app, "--burst")
    output, _ = restart.communicate(timeout=600)
    assert restart.returncode == 0, output.decode()
    assert [_receipt(i).status for i in ids] == ["done"] * len(ids)
    assert _job(stuck[0]).attempts == 2 and _receipt(stuck[0]).document_type != "unknown"


@pytest.fixture
def redis_url():
    from redis import Redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"no Redis answers at {url}: {exc}")
    return url


@pytest.mark.redis
def test_with_redis_jobs_go_through_the_rq_queue_to_an_ocr_worker(backend, tmp_path, request, redis_url):
    from redis import Redis
    from rq import Queue

    from app.services import ocr_queue
    from tests.conftest import make_app

    name = f"test-ocr-{uuid.uuid4().hex[:8]}"
    app = make_app(backend, tmp_path, request, REDIS_URL=redis_url, OCR_QUEUE_NAME=name)
    app.extensions["yeobi_reader"] = _flaky(1)  # the first run crashes: the retry goes back to RQ
    queue = Queue(name, connection=Redis.from_url(redis_url))
    with app.app_context():
        try:
            assert "ocr_pool" not in app.extensions
            kim = make_user("kim")
            client = app.test_client()
            receipt_id = upload(client, headers_for(client, "kim"), make_trip(kim).id,
                                jpeg_bytes()).get_json()["id"]
            assert queue.count == 1 and _job(receipt_id).status == "queued"
            ocr_queue.work(burst=True)
            assert _receipt(receipt_id).status == "done" and _job(receipt_id).attempts == 2
            assert queue.count == 0
        finally:
            queue.delete(delete_jobs=True)
            db.session.remove()
            db.engine.dispose()


def test_an_upload_is_kept_when_redis_is_down_and_waits_for_the_next_sweep(backend, tmp_path, request):
    from tests.conftest import make_app

    app = make_app(backend, tmp_path, request, REDIS_URL="redis://127.0.0.1:1/0")
    with app.app_context():
        try:
            kim = make_user("kim")
            client = app.test_client()
            resp = upload(client, headers_for(client, "kim"), make_trip(kim).id, jpeg_bytes())
            assert resp.status_code == 202
            assert _job(resp.get_json()["id"]).status == "queued"
        finally:
            db.session.remove()
            db.engine.dispose()
