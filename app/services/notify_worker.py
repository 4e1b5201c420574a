"""Send the outbox: claim a row, hand it to each target once, retry with backoff, record it all.

Runs in an in-process pool (default) or in `flask notify worker` processes fed by RQ (REDIS_URL).
The outbox row is the truth either way: a claim is a conditional UPDATE, each target that took the
message gets a 'sent' delivery row committed at once, and a retry skips those targets. One slow or
dead channel holds only its own rows; the request that caused them never waits.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import (Notification, NotifyDelivery, NotifyOutbox, PushSubscription, User,
                        now_seoul)
from app.services.background import WorkerPool, install_pool
from app.services.notify import mail_address, settings_of
from app.services.notify_send import Gone, Mail, MailSender, SendError, mail_domain, send_push
from app.services.ocr_jobs import worker_name

log = logging.getLogger("yeobi.notify")
POLL_SECONDS = 5.0
MAX_BACKOFF_SECONDS = 3600
CLAIM_CHUNK = 20  # rows claimed per UPDATE (each re-checked as still ours before it is sent)


def backoff(config, attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed try: base, 2x, 4x ... capped at an hour."""
    seconds = config["NOTIFY_BACKOFF_SECONDS"] * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, MAX_BACKOFF_SECONDS))


def due_ids(session: Session, limit: int = 100) -> list[int]:
    """Pending outbox rows whose time has come, oldest first."""
    ids = session.scalars(select(NotifyOutbox.id).where(
        NotifyOutbox.status == "pending", NotifyOutbox.due_at <= now_seoul())
        .order_by(NotifyOutbox.due_at, NotifyOutbox.id).limit(limit)).all()
    session.rollback()
    return list(ids)


def claim(session: Session, outbox_id: int, worker: str) -> bool:
    """Take one pending row for this worker (False when someone else has it or it is done)."""
    taken = session.execute(
        update(NotifyOutbox).where(NotifyOutbox.id == outbox_id, NotifyOutbox.status == "pending")
        .values(status="sending", locked_by=worker, locked_at=now_seoul(),
                attempts=NotifyOutbox.attempts + 1).execution_options(synchronize_session=False))
    session.commit()
    return taken.rowcount == 1


def claim_many(session: Session, ids: list[int], worker: str) -> list[int]:
    """Take every still-pending row of `ids` in one UPDATE and commit; the ids this worker holds."""
    if not ids:
        return []
    session.execute(
        update(NotifyOutbox).where(NotifyOutbox.id.in_(ids), NotifyOutbox.status == "pending")
        .values(status="sending", locked_by=worker, locked_at=now_seoul(),
                attempts=NotifyOutbox.attempts + 1).execution_options(synchronize_session=False))
    session.commit()
    held = session.scalars(select(NotifyOutbox.id).where(
        NotifyOutbox.id.in_(ids), NotifyOutbox.status == "sending", NotifyOutbox.locked_by == worker))
    return sorted(held)


def recover(session: Session, config) -> int:
    """Put back rows whose worker stopped mid-send (its 'sent' targets are still skipped)."""
    stale = now_seoul() - timedelta(seconds=config["NOTIFY_LOCK_SECONDS"])
    moved = session.execute(
        update(NotifyOutbox).where(NotifyOutbox.status == "sending", NotifyOutbox.locked_at < stale)
        .values(status="pending", locked_by=None, locked_at=None)
        .execution_options(synchronize_session=False)).rowcount
    session.commit()
    return moved


def _done_targets(session: Session, outbox_id: int) -> set[str]:
    return set(session.scalars(select(NotifyDelivery.target).where(
        NotifyDelivery.outbox_id == outbox_id, NotifyDelivery.outcome.in_(("sent", "gone")))))


def _record(session: Session, row: NotifyOutbox, target: str, outcome: str,
            status_code: int | None = None, detail: str | None = None, commit: bool = True) -> None:
    session.add(NotifyDelivery(outbox_id=row.id, attempt=row.attempts, target=target,
                               outcome=outcome, status_code=status_code, detail=detail))
    if commit:  # a mail's single delivery row is committed with the row's new status instead
        session.commit()


def _send_mail(session: Session, row: NotifyOutbox, note: Notification, config,
               mailer: MailSender) -> list[str]:
    if "mail" in _done_targets(session, row.id):
        return []
    user = session.get(User, note.user_id)
    address = mail_address(settings_of(session, [note.user_id])[note.user_id], user.username, config)
    if not address:
        _record(session, row, "mail", "gone", detail="no address", commit=False)
        return []
    text = (f"{note.mail_body}\n\n{config['PUBLIC_URL']}{note.link}\n\n"
            "-- \n여비 알림입니다. 받을 알림은 앱의 알림 설정에서 바꿀 수 있습니다.\n")
    mail = Mail(to=address, subject=f"[여비] {note.title}", text=text,
                message_id=f"<notify-{row.id}@{mail_domain(config['MAIL_FROM'])}>")
    try:
        mailer.send(mail)
    except SendError as exc:
        _record(session, row, "mail", "error", detail=str(exc)[:2000], commit=False)
        return [str(exc)]
    _record(session, row, "mail", "sent", commit=False)
    return []


def _send_pushes(session: Session, row: NotifyOutbox, note: Notification, config) -> list[str]:
    done = _done_targets(session, row.id)
    subs = session.scalars(select(PushSubscription).where(
        PushSubscription.user_id == note.user_id).order_by(PushSubscription.id)).all()
    unread = session.query(Notification).filter(Notification.user_id == note.user_id,
                                                Notification.read_at.is_(None),
                                                Notification.in_inbox.is_(True)).count()
    payload = {"id": note.id, "kind": note.kind, "title": note.title, "body": note.body,
               "link": note.link, "unread": unread}
    errors = []
    for sub in subs:
        target = f"push:{sub.id}"
        if target in done:
            continue
        try:
            status = send_push(endpoint=sub.endpoint, p256dh=sub.p256dh, auth=sub.auth,
                               payload=payload, config=config, topic=f"n{note.id}")
        except Gone as gone:
            session.delete(sub)  # the device unsubscribed or the app was removed
            _record(session, row, target, "gone", status_code=gone.status)
            continue
        except SendError as exc:
            _record(session, row, target, "error", detail=str(exc)[:2000])
            errors.append(str(exc))
            continue
        sub.last_sent_at = now_seoul()
        _record(session, row, target, "sent", status_code=status)
    return errors


def deliver(session: Session, outbox_id: int, config, mailer: MailSender | None = None,
            worker: str | None = None) -> str:
    """Send one claimed row to its targets; its new status (sent, pending for a retry, failed)."""
    row = session.get(NotifyOutbox, outbox_id)
    note = session.get(Notification, row.notification_id) if row else None
    if row is None or note is None:
        return "gone"
    if worker and (row.status != "sending" or row.locked_by != worker):
        session.rollback()
        return "lost"  # recovered by someone else while it waited in this worker's chunk
    if row.channel == "email":
        own = mailer is None
        mailer = mailer or MailSender(config["SMTP_URL"], config["MAIL_FROM"],
                                      config["NOTIFY_SEND_TIMEOUT"])
        try:
            errors = _send_mail(session, row, note, config, mailer)
        finally:
            if own:
                mailer.close()
    else:
        errors = _send_pushes(session, row, note, config)
    return _finish(session, row, config, errors)


def _finish(session: Session, row: NotifyOutbox, config, errors: list[str]) -> str:
    row.locked_by, row.locked_at = None, None
    if not errors:
        row.status, row.sent_at, row.last_error = "sent", now_seoul(), None
    elif row.attempts < config["NOTIFY_MAX_ATTEMPTS"]:
        row.status, row.last_error = "pending", "; ".join(errors)[:2000]
        row.due_at = now_seoul() + backoff(config, row.attempts)
    else:
        row.status, row.last_error = "failed", "; ".join(errors)[:2000]
    status = row.status
    session.commit()
    return status


def run_due(session: Session, config, ids: list[int] | None = None, limit: int = 500) -> dict:
    """Claim and deliver due rows (or exactly `ids`, if still pending); outcomes counted."""
    worker, counts = worker_name(), {}
    mailer = MailSender(config["SMTP_URL"], config["MAIL_FROM"], config["NOTIFY_SEND_TIMEOUT"]) \
        if config.get("SMTP_URL") else None
    wanted = ids if ids is not None else due_ids(session, limit)
    try:
        for first in range(0, len(wanted), CLAIM_CHUNK):
            held = claim_many(session, wanted[first:first + CLAIM_CHUNK], worker)
            _run_chunk(session, config, held, mailer, counts, worker)
    finally:
        if mailer:
            mailer.close()
    return counts


def _run_chunk(session: Session, config, held: list[int], mailer, counts: dict, worker: str) -> None:
    for outbox_id in held:
        try:
            outcome = deliver(session, outbox_id, config, mailer, worker=worker)
        except Exception:  # noqa: BLE001 - a bug or DB hiccup: the row is recovered later
            session.rollback()
            log.exception("notification outbox %s failed", outbox_id)
            outcome = "error"
        counts[outcome] = counts.get(outcome, 0) + 1


def dispatch(app: Flask, ids: list[int]) -> None:
    """New outbox rows committed: push their ids to RQ (REDIS_URL) or wake the local pool."""
    if app.config.get("REDIS_URL"):
        from app.services import notify_queue

        try:
            notify_queue.enqueue(app.config, ids)
        except Exception:  # noqa: BLE001 - the rows are saved; the worker's sweep finds them
            log.warning("could not push %d notifications to Redis; the sweep sends them", len(ids))
        return
    pool = app.extensions.get("notify_pool")
    if pool is not None:
        pool.wake()


def _pool_step(app: Flask) -> dict:
    from app.extensions import db

    with app.app_context():
        recover(db.session, app.config)
        counts = run_due(db.session, app.config)
        db.session.remove()
    return counts


class NotifyPool(WorkerPool):
    """Threads in the serving process that send the outbox (when REDIS_URL is not set)."""

    def __init__(self, app: Flask, size: int = 1) -> None:
        super().__init__(app, size, name="notify", step=_pool_step, poll=POLL_SECONDS)


def install_embedded_worker(app: Flask) -> None:
    """Start the pool in the serving process on its first request (after gunicorn forks)."""
    install_pool(app, "notify_pool", lambda: NotifyPool(app, app.config["NOTIFY_WORKERS"]))
