"""Background work, one mechanism for OCR jobs and notifications.

`WorkerPool`: threads in the serving process (no REDIS_URL) that repeat a step while it finds work and
otherwise sleep until woken. `install_pool`: start a pool lazily in each serving process, on its first
request (after gunicorn forks). `run_rq_worker`: one RQ worker with a sweeper thread that re-offers
rows a lost message or a dead worker left behind.
"""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask

log = logging.getLogger(__name__)


class WorkerPool:
    """`size` threads calling `step(app)`; a falsy result means no work: wait `poll` s or a wake-up."""

    def __init__(self, app: Flask, size: int, *, name: str, step: Callable[[Flask], Any],
                 poll: float) -> None:
        # The threads keep the app: each step opens its own app context (db.session is per app).
        self.app, self.size, self.pid = app, max(1, size), os.getpid()
        self.name, self._step, self._poll = name, step, poll
        self._wake, self._stop = threading.Event(), threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> WorkerPool:
        """Start the threads."""
        for i in range(self.size):
            thread = threading.Thread(target=self._loop, name=f"{self.name}-{i}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def wake(self) -> None:
        """Something was queued: look now."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Let the threads finish their current step and exit."""
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                found = self._step(self.app)
            except Exception:  # noqa: BLE001 - a database hiccup must not kill the thread
                log.exception("%s pool step failed", self.name)
                found = None
            if not found:
                self._wake.wait(self._poll)


def install_pool(app: Flask, key: str, make: Callable[[], WorkerPool]) -> None:
    """Keep `app.extensions[key]` a running pool of this process, started on the first request."""
    lock = threading.Lock()

    def _ensure_pool() -> None:
        pool = app.extensions.get(key)
        if pool is not None and pool.pid == os.getpid():
            return
        with lock:
            pool = app.extensions.get(key)
            if pool is None or pool.pid != os.getpid():
                app.extensions[key] = make().start()

    app.before_request(_ensure_pool)


def _sweeper(app: Flask, sweep: Callable[[dict], Any], stop: threading.Event, every: float,
             name: str) -> None:
    while not stop.wait(every):
        try:
            with app.app_context():
                sweep(app.config)
        except Exception:  # noqa: BLE001 - keep sweeping through Redis or database hiccups
            log.exception("%s queue sweep failed", name)


def run_rq_worker(app: Flask, queue, sweep: Callable[[dict], Any], *, burst: bool, sweep_every: float,
                  name: str) -> None:
    """Sweep once, then run one RQ worker on `queue` with a sweeper thread (none in burst mode)."""
    from rq import SimpleWorker

    sweep(app.config)
    stop = threading.Event()
    if not burst:
        threading.Thread(target=_sweeper, args=(app, sweep, stop, sweep_every, name),
                         daemon=True).start()
    try:
        SimpleWorker([queue], connection=queue.connection).work(burst=burst, logging_level="WARNING")
    finally:
        stop.set()
