"""Notification delivery figures: mails per second, pushes per second, commit-to-delivery latency.

Run by hand (not in the test suite), on a scratch SQLite database built from the migrations, with a
real SMTP server (aiosmtpd) and the tests' local push service on this machine:

    .venv/bin/python benchmarks/notify_bench.py --mails 500 --latency 50

1. Throughput: N applications committed first (N mails waiting in the outbox), then one worker
   sends them all (`run_due`, one SMTP connection reused); mails/s = N / elapsed. Same for pushes
   (each one VAPID-signed and aes128gcm-encrypted for its device).
2. Latency: the embedded pool runs; M applications are committed one after another (a pause between
   them) and each mail's arrival at the SMTP server is matched to its commit: median and p95.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from app import create_app  # noqa: E402
from app.config import Config  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import SEOUL, NotifyOutbox, PushSubscription  # noqa: E402
from app.services import accounts, trips  # noqa: E402
from app.services.notify_worker import NotifyPool, run_due  # noqa: E402
from app.settings import current_settings  # noqa: E402
from tests.notif_parts import MailServer, PushService, vapid_pair  # noqa: E402


def _app(tmp: Path, smtp: str, vapid: str):
    from flask_migrate import upgrade

    app = create_app(Config(ENV="development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp / 'bench.sqlite3'}",
                            UPLOAD_DIR=str(tmp / "uploads"), OCR_EMBEDDED_WORKER=False,
                            NOTIFY_EMBEDDED_WORKER=False, SMTP_URL=smtp, MAIL_USER_DOMAIN="bench.example",
                            VAPID_PRIVATE_KEY=vapid, PUSH_SERVICE_HOSTS="127.0.0.1"))
    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    return app


def _people(n_approvers: int = 1):
    accounts.create_unit(session=db.session, agency_code="BENCH", code="B1", name="벤치과")
    traveler = accounts.create_user(session=db.session, username="bt", password="x" * 12, name="벤치",
                                    employee_no="B0", unit_code="B1")
    approvers = [accounts.create_user(session=db.session, username=f"ba{i}", password="x" * 12,
                                      name=f"결재{i}", employee_no=f"BA{i}", unit_code="B1",
                                      roles=("traveler", "approver"), approves=("B1",))
                 for i in range(n_approvers)]
    return traveler, approvers


def _apply(traveler, i: int) -> float:
    start = datetime(2026, 12, 20, 8, tzinfo=SEOUL) + timedelta(days=i % 300)
    trip = trips.create_trip(session=db.session, actor=traveler, data={
        "purpose": f"벤치 출장 {i}", "destination": "부산광역시", "transport": "rail",
        "start_at": start, "end_at": start + timedelta(hours=10)})
    trips.apply_trip(session=db.session, trip_id=trip.id, actor=traveler, settings=current_settings())
    return time.time()  # the commit has returned


def throughput(app, mail: MailServer, push: PushService, n: int) -> dict:
    """Mails and pushes per second for one worker draining N waiting rows of each."""
    with app.app_context():
        traveler, [approver] = _people()
        push.device("bench")
        sub = push.devices["bench"].subscription(push.base)
        db.session.add(PushSubscription(user_id=approver.id, endpoint=sub["endpoint"],
                                        p256dh=sub["keys"]["p256dh"], auth=sub["keys"]["auth"]))
        db.session.commit()
        t0 = time.perf_counter()
        for i in range(n):
            _apply(traveler, i)
        commit_s = time.perf_counter() - t0
        email_ids = list(db.session.scalars(select(NotifyOutbox.id).where(NotifyOutbox.channel == "email")))
        push_ids = list(db.session.scalars(select(NotifyOutbox.id).where(NotifyOutbox.channel == "push")))
        t0 = time.perf_counter()
        run_due(db.session, app.config, ids=email_ids)
        mail_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        run_due(db.session, app.config, ids=push_ids)
        push_s = time.perf_counter() - t0
        sent = db.session.scalar(select(func.count(NotifyOutbox.id)).where(NotifyOutbox.status == "sent"))
    assert len(mail.messages) == n and len(push.received) == n and sent == 2 * n, "not all delivered"
    return {"applications": n, "apply_and_commit_per_s": n / commit_s, "mails_per_s": n / mail_s,
            "pushes_per_s": n / push_s}


def latency(app, mail: MailServer, m: int, pause: float) -> dict:
    """Commit-to-arrival of mails with the embedded pool sending (median, p95, max in ms)."""
    with app.app_context():
        traveler = db.session.scalar(select(accounts.User).where(accounts.User.username == "bt"))
        pool = app.extensions["notify_pool"] = NotifyPool(app).start()
        before = len(mail.messages)
        commits = []
        for i in range(m):
            commits.append(_apply(traveler, 10_000 + i))
            time.sleep(pause)
        deadline = time.time() + 30
        while len(mail.messages) < before + m and time.time() < deadline:
            time.sleep(0.01)
        pool.stop()
    arrivals = mail.handler.arrived[before:before + m]
    ms = sorted((a - c) * 1000 for a, c in zip(arrivals, commits, strict=True))
    return {"mails": m, "median_ms": statistics.median(ms), "p95_ms": ms[int(0.95 * (len(ms) - 1))],
            "max_ms": ms[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=500)
    parser.add_argument("--latency", type=int, default=50)
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between commits")
    args = parser.parse_args()
    private, public = vapid_pair()
    mail, push = MailServer().start(), PushService(public).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            app = _app(Path(tmp), mail.url, private)
            for key, value in throughput(app, mail, push, args.mails).items():
                print(f"{key}: {value:.1f}" if isinstance(value, float) else f"{key}: {value}")
            for key, value in latency(app, mail, args.latency, args.pause).items():
                shown = f"{value:.1f}" if isinstance(value, float) else value
                print(f"latency {key}: {shown}")
    finally:
        mail.stop()
        push.stop()


if __name__ == "__main__":
    main()
