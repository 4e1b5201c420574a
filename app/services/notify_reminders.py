"""Reminders computed by `flask notify reminders`: each one written once, however often it runs.

Once is kept by the notifications' unique (user, dedupe key): a reminder's key names the trip (and,
for a waiting application, when it was applied), so a second run finds it and writes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import SEOUL, Notification, NotifyOutbox, Trip, User, now_seoul, seoul_midnight
from app.services.notify import Draft, drafts_for, mail_address, settings_of, write
from workflow import notices
from workflow.states import TripStatus


@dataclass
class ReminderReport:
    """What one run wrote: new notifications per kind, digests, and the new outbox ids."""

    written: dict[str, int] = field(default_factory=dict)
    digests: int = 0
    outbox_ids: list[int] = field(default_factory=list)


def holidays(config) -> frozenset[date]:
    """NOTIFY_HOLIDAYS (comma-separated ISO dates) as dates."""
    return frozenset(date.fromisoformat(d.strip()) for d in config.get("NOTIFY_HOLIDAYS", "").split(",")
                     if d.strip())


def _unsettled(session: Session, today: date, config) -> list[Draft]:
    days = config["NOTIFY_UNSETTLED_DAYS"]
    ended_before = seoul_midnight(today - timedelta(days=days - 1))
    trips = session.scalars(select(Trip).where(Trip.status == TripStatus.APPROVED.value,
                                               Trip.end_at < ended_before))
    return [d for t in trips for d in drafts_for(
        session, t, "reminder_unsettled", f"t{t.id}", days=(today - t.end_at.date()).days)]


def _evidence_due(session: Session, today: date, config) -> list[Draft]:
    # 공무원 여비 규정 제8조의2②: 운임·숙박비 evidence within two weeks after the trip.
    before = config["NOTIFY_EVIDENCE_DAYS_BEFORE"]
    earliest_end = seoul_midnight(today - timedelta(days=14))
    latest_end = seoul_midnight(today - timedelta(days=14 - before - 1))
    trips = session.scalars(select(Trip).where(Trip.status == TripStatus.APPROVED.value,
                                               Trip.end_at >= earliest_end, Trip.end_at < latest_end))
    out = []
    for t in trips:
        deadline = notices.evidence_deadline(t.end_at.date())
        out += drafts_for(session, t, "reminder_evidence_due", f"t{t.id}", on=deadline,
                          days=(deadline - today).days)
    return out


def _approval_overdue(session: Session, today: date, config) -> list[Draft]:
    limit, off = config["NOTIFY_APPROVAL_WORKING_DAYS"], holidays(config)
    trips = session.scalars(select(Trip).where(Trip.status == TripStatus.APPLIED.value,
                                               Trip.applied_at.is_not(None),
                                               Trip.applied_at < seoul_midnight(today)))
    out = []
    for t in trips:
        if notices.working_days_between(t.applied_at.date(), today, off) > limit:
            # A new application after a return is a new wait: the key names when it was applied.
            key = f"t{t.id}:{int(t.applied_at.timestamp())}"
            out += drafts_for(session, t, "reminder_approval_overdue", key, days=limit)
    return out


def _digests(session: Session, now: datetime, config) -> list[Draft]:
    """One mail a day for each approver who takes approval requests as a digest."""
    if now.hour < config["NOTIFY_DIGEST_HOUR"]:
        return []
    held = session.execute(select(Notification.user_id, Notification.title).join(
        NotifyOutbox, NotifyOutbox.notification_id == Notification.id)
        .where(NotifyOutbox.status == "digest").order_by(Notification.id)).all()
    by_user: dict[int, list[str]] = {}
    for uid, title in held:
        by_user.setdefault(uid, []).append(title)
    out = []
    for uid, titles in by_user.items():
        lines = "\n".join(f"- {t}" for t in titles[:50])
        title = notices.DIGEST_TITLE.format(count=len(titles))
        out.append(Draft(user_id=uid, kind="digest", trip_id=None, title=title,
                         dedupe_key=f"digest:{now.date().isoformat()}", body=lines,
                         mail_body=f"결재를 기다리는 요청입니다.\n{lines}", link="/web/"))
    return out


def _release_digests(session: Session, user_ids: set[int]) -> None:
    rows = session.scalars(select(NotifyOutbox).join(
        Notification, NotifyOutbox.notification_id == Notification.id).where(
        NotifyOutbox.status == "digest", Notification.user_id.in_(user_ids)))
    for row in rows:
        row.status, row.sent_at, row.last_error = "sent", now_seoul(), "sent in the daily digest"


def _force_mail(session: Session, drafts: list[Draft], config) -> list[int]:
    """Digest notices go by mail only (not to the inbox, where each item already is)."""
    ids = []
    settings = settings_of(session, {d.user_id for d in drafts})
    for d in drafts:
        user = session.get(User, d.user_id)
        if session.scalar(select(Notification.id).where(Notification.user_id == d.user_id,
                                                        Notification.dedupe_key == d.dedupe_key)):
            continue
        if not mail_address(settings[d.user_id], user.username, config):
            continue
        note = Notification(**d.__dict__, in_inbox=False)
        session.add(note)
        session.flush()
        row = NotifyOutbox(notification_id=note.id, channel="email", status="pending", attempts=0)
        session.add(row)
        session.flush()
        ids.append(row.id)
    return ids


def run_reminders(*, session: Session, config, now: datetime | None = None) -> ReminderReport:
    """Write every reminder that is due and not yet written, and the day's digests; one commit."""
    now = (now or now_seoul()).astimezone(SEOUL)
    today, report = now.date(), ReminderReport()
    try:
        drafts = _unsettled(session, today, config) + _evidence_due(session, today, config) \
            + _approval_overdue(session, today, config)
        written, report.outbox_ids = write(session, drafts, config)
        digests = _digests(session, now, config) if config.get("SMTP_URL") else []
        report.outbox_ids += _force_mail(session, digests, config)
        _release_digests(session, {d.user_id for d in digests})
        report.digests = len(digests)
        for d in written:
            report.written[d.kind] = report.written.get(d.kind, 0) + 1
        session.commit()
    except IntegrityError:
        session.rollback()  # another run wrote the same reminders at the same moment: theirs count
        return ReminderReport()
    return report

