"""The RQ side of notifications (REDIS_URL set): enqueue outbox ids, send them in `flask notify worker`."""
from __future__ import annotations

from flask import current_app
from redis import Redis
from rq import Queue

from app.extensions import db
from app.services.background import run_rq_worker


def _queue(config) -> Queue:
    return Queue(config["NOTIFY_QUEUE_NAME"], connection=Redis.from_url(config["REDIS_URL"]))


def enqueue(config, ids: list[int]) -> None:
    """Push outbox ids; a duplicate is harmless (the claim is a conditional UPDATE)."""
    _queue(config).enqueue("app.services.notify_queue.run_ids", list(ids), job_timeout=300,
                           result_ttl=600, failure_ttl=86400,
                           description=f"notifications {ids[0]}..{ids[-1]}")


def run_ids(ids: list[int]) -> dict:
    """The RQ task: send these outbox rows inside the worker's app context."""
    from app.services.notify_worker import run_due

    try:  # RQ passes only the ids: the worker's app context supplies the configuration
        return run_due(db.session, current_app.config, ids=ids)
    finally:
        db.session.remove()


def sweep(config) -> dict:
    """Recover abandoned rows and send every due one (retries whose backoff ended, lost messages)."""
    from app.services.notify_worker import recover, run_due

    try:
        recover(db.session, config)
        return run_due(db.session, config)
    finally:
        db.session.remove()


def work(*, burst: bool = False, sweep_every: float = 15.0) -> None:
    """Run one RQ worker on the notification queue in this process (inside an app context)."""
    # The sweeper thread needs the app object itself to open its own app contexts.
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    run_rq_worker(app, _queue(app.config), sweep, burst=burst, sweep_every=sweep_every,
                  name="notification")
