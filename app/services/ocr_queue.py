"""The RQ side of OCR jobs (REDIS_URL set): enqueue job ids, run them in `flask ocr-worker`."""
from __future__ import annotations

from flask import current_app
from redis import Redis
from rq import Queue
from sqlalchemy import select

from app.extensions import db
from app.services.background import run_rq_worker
from app.models import OcrJob
from workflow.receipt_states import OcrJobStatus


def _queue(config) -> Queue:
    return Queue(config["OCR_QUEUE_NAME"], connection=Redis.from_url(config["REDIS_URL"]))


def enqueue(config, job_id: int) -> None:
    """Push a job id; a duplicate delivery is harmless (the claim is a conditional UPDATE)."""
    _queue(config).enqueue("app.services.ocr_queue.run_job", job_id,
                           job_timeout=config["OCR_JOB_TIMEOUT"], result_ttl=600, failure_ttl=86400,
                           description=f"OCR job {job_id}")


def run_job(job_id: int) -> str | None:
    """The RQ task: claim and process job `job_id` inside the worker's app context."""
    from app.services.ocr_jobs import job_settings, run_one

    # RQ calls this with only the job id: the worker's app (its context, pushed by `flask ocr-worker`)
    # supplies the settings and the reader.
    try:
        return run_one(db.session, job_settings(current_app), job_id)
    finally:
        db.session.remove()


def requeue_waiting(config) -> int:
    """Recover abandoned jobs and push every queued job id again (lost messages, flushed Redis)."""
    from app.services.ocr_jobs import job_settings, recover

    recover(db.session, job_settings(current_app))  # called inside the worker's app context
    ids = db.session.scalars(select(OcrJob.id).where(OcrJob.status == OcrJobStatus.QUEUED)).all()
    db.session.remove()
    for job_id in ids:
        enqueue(config, job_id)
    return len(ids)


def work(*, burst: bool = False, sweep_every: float = 60.0) -> None:
    """Run one RQ worker on the OCR queue in this process (call inside an app context)."""
    # The sweeper thread needs the app object itself to open its own app contexts.
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    run_rq_worker(app, _queue(app.config), requeue_waiting, burst=burst, sweep_every=sweep_every,
                  name="OCR")
