"""`flask ocr-worker`: run OCR jobs outside the web process (RQ when REDIS_URL is set)."""
from __future__ import annotations

import signal
import threading

import click
from flask import current_app

from app.services import ocr_jobs


@click.command("ocr-worker")
@click.option("--burst", is_flag=True, help="Exit when no job is left.")
@click.option("--threads", type=click.IntRange(1, 64), default=None,
              help="Threads in database mode (default OCR_WORKERS); RQ mode runs one per process.")
def ocr_worker_cmd(burst: bool, threads: int | None) -> None:
    """Process OCR jobs: from the RQ queue when REDIS_URL is set, else from the database table."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("REDIS_URL"):
        from app.services import ocr_queue

        click.echo(f"OCR worker on RQ queue '{app.config['OCR_QUEUE_NAME']}'")
        ocr_queue.work(burst=burst)
        return
    if burst:
        ran = ocr_jobs.run_pending_jobs(app)
        click.echo(f"{ran} OCR job(s) processed")
        return
    pool = ocr_jobs.OcrPool(app, threads or app.config["OCR_WORKERS"]).start()
    click.echo(f"OCR worker: {pool.size} thread(s) polling the database")
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        while not done.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    pool.stop()
