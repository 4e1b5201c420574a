"""OCR jobs as database rows: claimed atomically, retried, recovered after a crash.

Two ways to run them. Embedded (default): a bounded pool of threads in the serving process polls the
table. At scale (REDIS_URL set): each new job id is also pushed to an RQ queue and `flask ocr-worker`
processes run it on any number of machines. Either way the row is the truth: a claim is a conditional
UPDATE, so a job delivered twice runs once, and a job whose worker died is re-queued by recover().
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, current_app, has_app_context
from sqlalchemy import select, update
from sqlalchemy.orm import Session

import ocr
from app.extensions import db
from app.models import OcrJob, Receipt, now_seoul
from app.services import storage
from app.services.background import WorkerPool, install_pool
from app.services.receipt_checks import refresh_flags, unsure_below
from app.services.receipt_fields import ROTATIONS
from workflow.receipt_states import OcrJobStatus as J, ReadingEvent as E, ReceiptStatus as R, move, sources

log = logging.getLogger("yeobi.ocr_jobs")
POLL_SECONDS = 2.0
RECOVER_EVERY_SECONDS = 30.0


@dataclass(frozen=True)
class JobSettings:
    """What running a job needs: the reader, the receipt store, the engine and the retry policy."""

    reader: Callable  # ocr.extract, or the fake a test installs as app.extensions["yeobi_reader"]
    upload_dir: str
    engine: str | None
    max_attempts: int
    job_timeout: int
    unsure_below: float


def job_settings(app: Flask) -> JobSettings:
    """The job settings of `app`: its configuration and the reader create_app installed."""
    config = app.config
    return JobSettings(reader=app.extensions.get("yeobi_reader") or ocr.extract,
                       upload_dir=str(config["UPLOAD_DIR"]), engine=config.get("OCR_ENGINE"),
                       max_attempts=config["OCR_MAX_ATTEMPTS"], job_timeout=config["OCR_JOB_TIMEOUT"],
                       unsure_below=unsure_below(config))


def worker_name() -> str:
    """host:pid:thread, so recover() can tell a dead local worker from a live remote one."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:100]


def new_job(session: Session, receipt: Receipt) -> OcrJob:
    """A queued job for `receipt` (the caller commits, then calls dispatch())."""
    job = OcrJob(receipt_id=receipt.id, status=J.QUEUED, attempts=0)
    session.add(job)
    session.flush()
    return job


def dispatch(job_id: int) -> None:
    """Tell whoever runs jobs that `job_id` waits: RQ when REDIS_URL is set, else the pool."""
    # The running app itself is needed here: its pool lives in app.extensions (one per process).
    if current_app.config.get("REDIS_URL"):
        from app.services import ocr_queue

        try:
            ocr_queue.enqueue(current_app.config, job_id)
        except Exception:  # noqa: BLE001 - the row is saved; a worker's sweep will push it later
            log.warning("could not push OCR job %s to Redis; it waits for the next sweep", job_id,
                        exc_info=True)
        return
    pool = current_app.extensions.get("ocr_pool")
    if pool is not None:
        pool.wake()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _abandoned(job: OcrJob, timeout: int) -> bool:
    host, _, rest = (job.locked_by or "").partition(":")
    pid = rest.partition(":")[0]
    if host == socket.gethostname() and pid.isdigit() and not _pid_alive(int(pid)):
        return True  # its worker process on this machine is gone (killed, crashed, restarted)
    return job.locked_at is None or job.locked_at < now_seoul() - timedelta(seconds=timeout)


def recover(session: Session, run: JobSettings) -> int:
    """Re-queue jobs whose worker died or timed out (or fail them after the last attempt)."""
    count = 0
    for job in session.scalars(select(OcrJob).where(OcrJob.status == J.PROCESSING)).all():
        if not _abandoned(job, run.job_timeout):
            continue
        reason = "OCR 작업자가 멈추었거나 시간이 초과되었습니다 (the OCR worker stopped or timed out)"
        _retry_or_fail(session, job, reason, run)
        count += 1
    session.commit()
    return count


def _retry_or_fail(session: Session, job: OcrJob, reason: str, run: JobSettings) -> None:
    receipt = session.get(Receipt, job.receipt_id)
    job.last_error, job.locked_by, job.locked_at = reason, None, None
    if job.attempts < run.max_attempts:
        job.status = move(J(job.status), E.RETRY)
        if receipt is not None:
            receipt.status = move(R(receipt.status), E.RETRY)
        return
    job.status, job.finished_at = move(J(job.status), E.FAIL), now_seoul()
    if receipt is not None:
        _fail_receipt(session, receipt, f"{job.attempts}번 시도했지만 읽지 못했습니다: {reason}", run)


def _fail_receipt(session: Session, receipt: Receipt, message: str, run: JobSettings) -> None:
    receipt.status = move(R(receipt.status), E.FAIL)
    receipt.error, receipt.processed_at = message[:2000], now_seoul()
    refresh_flags(session, receipt, unsure_below=run.unsure_below)


def claim(session: Session, worker: str, job_id: int | None = None) -> int | None:
    """Atomically take one queued job (the oldest, or `job_id`); its id, or None."""
    waiting = sources(J, E.CLAIM)
    while True:
        stmt = select(OcrJob.id, OcrJob.receipt_id).where(OcrJob.status.in_(waiting))
        stmt = stmt.where(OcrJob.id == job_id) if job_id is not None else stmt.order_by(OcrJob.id)
        row = session.execute(stmt.limit(1)).first()
        if row is None:
            session.rollback()
            return None
        result = session.execute(
            update(OcrJob).where(OcrJob.id == row.id, OcrJob.status.in_(waiting))
            .values(status=move(J.QUEUED, E.CLAIM), locked_by=worker, locked_at=now_seoul(),
                    attempts=OcrJob.attempts + 1).execution_options(synchronize_session=False))
        if result.rowcount == 1:
            session.execute(update(Receipt).where(Receipt.id == row.receipt_id)
                            .values(status=move(R.QUEUED, E.CLAIM))
                            .execution_options(synchronize_session=False))
            session.commit()
            return row.id
        session.rollback()
        if job_id is not None:
            return None  # someone else took it first


def process(session: Session, job_id: int, worker: str, run: JobSettings) -> str:
    """Run OCR for a claimed job with `run.reader` and store the outcome; the job's final or retry status."""
    job = session.get(OcrJob, job_id)
    receipt = session.get(Receipt, job.receipt_id) if job else None
    if job is None or receipt is None:
        return "gone"
    sha, filename = receipt.sha256, receipt.filename
    session.commit()  # hold no transaction (nor SQLite lock) while OCR runs
    try:
        data = storage.read_blob(run.upload_dir, sha)
        extraction = run.reader(data, filename, engine=run.engine).to_dict()
    except ocr.OcrInputError as exc:
        return _finish_failed(session, job_id, worker, f"파일을 읽을 수 없습니다: {exc.message}", run)
    except Exception as exc:  # noqa: BLE001 - engine crash, missing file, timeout: retry
        log.warning("OCR job %s failed: %s", job_id, exc, exc_info=True)
        return _finish_retry(session, job_id, worker, f"OCR 오류: {exc.__class__.__name__}: {exc}", run)
    return _finish_done(session, job_id, worker, extraction, run)


def _still_mine(session: Session, job_id: int, worker: str) -> OcrJob | None:
    session.expire_all()
    job = session.get(OcrJob, job_id)
    if job is None or job.status != J.PROCESSING or job.locked_by != worker:
        session.rollback()
        return None  # recovered by someone else meanwhile: their run counts, not ours
    return job


def _finish_done(session: Session, job_id: int, worker: str, extraction: dict, run: JobSettings) -> str:
    job = _still_mine(session, job_id, worker)
    if job is None:
        return "lost"
    receipt = session.get(Receipt, job.receipt_id)
    receipt.document_type = extraction["document_type"]
    receipt.ocr_fields = extraction["fields"]
    receipt.ocr_confidence = extraction["confidence"]
    receipt.engine, receipt.elapsed_ms = extraction["engine"][:30], extraction["elapsed_ms"]
    turn = extraction.get("rotation", 0)  # the turn the reader read the photo at
    receipt.rotation = turn if turn in ROTATIONS else 0
    receipt.status = move(R(receipt.status), E.READ)
    receipt.error, receipt.processed_at = None, now_seoul()
    job.status = move(J(job.status), E.READ)
    job.finished_at, job.locked_by, job.last_error = now_seoul(), None, None
    refresh_flags(session, receipt, unsure_below=run.unsure_below, related=True)
    session.commit()
    return J.DONE


def _finish_failed(session: Session, job_id: int, worker: str, message: str, run: JobSettings) -> str:
    job = _still_mine(session, job_id, worker)
    if job is None:
        return "lost"
    job.status = move(J(job.status), E.FAIL)
    job.finished_at, job.last_error, job.locked_by = now_seoul(), message, None
    _fail_receipt(session, session.get(Receipt, job.receipt_id), message, run)
    session.commit()
    return J.FAILED


def _finish_retry(session: Session, job_id: int, worker: str, message: str, run: JobSettings) -> str:
    job = _still_mine(session, job_id, worker)
    if job is None:
        return "lost"
    _retry_or_fail(session, job, message, run)
    status = job.status
    session.commit()
    # Inside the worker's app context (pool thread or RQ worker): a retry goes back through dispatch().
    if status == J.QUEUED and current_app.config.get("REDIS_URL"):
        dispatch(job_id)
    return status


def run_one(session: Session, run: JobSettings, job_id: int | None = None) -> str | None:
    """Claim and process one job (or `job_id`); its outcome, or None when nothing was queued."""
    worker = worker_name()
    claimed = claim(session, worker, job_id)
    return None if claimed is None else process(session, claimed, worker, run)


def _context(app: Flask):
    # Reuse the caller's context when it is this app's (a test or a command), else open one.
    if has_app_context() and current_app._get_current_object() is app:  # type: ignore[attr-defined]
        return nullcontext()
    return app.app_context()


def run_pending_jobs(app: Flask, limit: int | None = None) -> int:
    """Run queued OCR jobs in this thread until none is left (or `limit`); how many ran."""
    ran, run = 0, job_settings(app)
    with _context(app):
        recover(db.session, run)
        while limit is None or ran < limit:
            if run_one(db.session, run) is None:
                break
            ran += 1
    return ran


def process_receipt(*, session: Session, receipt_id: int, run: JobSettings) -> Receipt:
    """Run OCR on one receipt now, in this thread (demo data, scripts); the updated receipt."""
    job_id = session.scalar(select(OcrJob.id).where(OcrJob.receipt_id == receipt_id,
                                                    OcrJob.status == J.QUEUED).order_by(OcrJob.id))
    if job_id is not None:
        run_one(session, run, job_id)
    session.expire_all()
    return session.get(Receipt, receipt_id)


class OcrPool(WorkerPool):
    """A bounded pool of OCR threads inside the serving process."""

    def __init__(self, app: Flask, size: int) -> None:
        super().__init__(app, size, name="ocr-worker", step=self._step, poll=POLL_SECONDS)
        self._last_recover = 0.0

    def _step(self, app: Flask) -> str | None:
        run = job_settings(app)  # read each time: tests change the reader per test
        with app.app_context():
            if time.monotonic() - self._last_recover > RECOVER_EVERY_SECONDS:
                self._last_recover = time.monotonic()
                recover(db.session, run)
            outcome = run_one(db.session, run)
            db.session.remove()
        return outcome


def install_embedded_worker(app: Flask) -> None:
    """Start the pool lazily in the serving process (after gunicorn forks), on the first request."""
    install_pool(app, "ocr_pool", lambda: OcrPool(app, app.config["OCR_WORKERS"]))
