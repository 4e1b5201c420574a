"""Events to people: inbox rows and outbox rows written in the transaction of the change (issue 16).

The trip service calls note_events() beside each audit row; the rows are turned into notifications
just before that transaction commits (so a paid trip's amount and payment date are final), and the
outbox rows' ids are handed to the worker only after the commit succeeded. A rolled-back change
leaves no notification; a committed one always has its outbox rows.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask import current_app, has_app_context
from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session

from app.models import (ApproverUnit, ExportBatch, Notification, NotificationSettings, NotifyOutbox,
                        PushSubscription, Role, Statement, Trip, User, UserRole, now_seoul)
from workflow import notices

PENDING_KEY, DRAFTS_KEY, WAKE_KEY = "notify_events", "notify_drafts", "notify_wake"


def approvers_for(trip: Trip, *, session: Session | None = None) -> list[User]:
    """Everyone who can decide `trip`'s current step now: the 결재선's step approvers and the
    substitutes of those away (issue 15); any active approver of its unit when no step waits.

    The one place recipients of approver notices come from.
    """
    from app.services.approval_line import PHASE_OF_STATUS, deciders_now  # it imports this module

    session = session or Session.object_session(trip)
    if trip.status in PHASE_OF_STATUS:
        ids = [user_id for user_id, _ in deciders_now(session=session, trip=trip)]
        return list(session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id))) \
            if ids else []
    return list(session.scalars(
        select(User).join(ApproverUnit, ApproverUnit.user_id == User.id)
        .join(UserRole, (UserRole.user_id == User.id) & (UserRole.role == Role.APPROVER.value))
        .where(ApproverUnit.unit_id == trip.unit_id, User.active.is_(True),
               User.id != trip.traveler_id).order_by(User.id)))


def note_events(session: Session, rows: Iterable[dict]) -> None:
    """Remember audit rows (their column values) whose notices are written before this commit."""
    pending = session.info.setdefault(PENDING_KEY, [])
    pending.extend({k: row[k] for k in ("trip_id", "action", "to_status", "seq", "comment")}
                   for row in rows if notices.kinds_for(row["action"], row["to_status"]))


@dataclass(frozen=True)
class Draft:
    """A notification about to be written: for whom, what, and how to tell apart a repeat."""

    user_id: int
    kind: str
    trip_id: int | None
    dedupe_key: str
    title: str
    body: str
    mail_body: str
    link: str
    amount: int | None = None


def link_for(kind: str, trip_id: int | None) -> str:
    """Where a notice leads: the approver's page for approver notices, the phone app otherwise."""
    if trip_id is None:
        return "/m/#/inbox"
    if notices.NOTICES[kind].audience == notices.APPROVERS:
        return f"/web/trips/{trip_id}"
    return f"/m/#/trips/{trip_id}"


def drafts_for(session: Session, trip: Trip, kind: str, key: str, *, amount: int | None = None,
               comment: str = "", on: date | None = None, days: int | None = None,
               user_ids: list[int] | None = None) -> list[Draft]:
    """One draft per recipient of a notice of `kind` about `trip` (`key` tells repeats apart);
    `user_ids` names the recipients instead (the absent approver of a 대결)."""
    title, body, mail_body = notices.render(kind, title=trip.purpose, amount=amount, comment=comment,
                                            on=on, days=days)
    if user_ids is not None:
        people = list(user_ids)
    elif notices.NOTICES[kind].audience == notices.APPROVERS:
        people = [u.id for u in approvers_for(trip, session=session)]
    else:
        people = [trip.traveler_id]
    return [Draft(user_id=uid, kind=kind, trip_id=trip.id, dedupe_key=f"{kind}:{key}"[:120],
                  title=title, body=body, mail_body=mail_body, link=link_for(kind, trip.id),
                  amount=amount) for uid in people]


def _money(session: Session, trip_ids: list[int]) -> dict[int, tuple[int, date | None]]:
    rows = session.execute(select(Statement.trip_id, Statement.total, ExportBatch.payment_date)
                           .outerjoin(ExportBatch, ExportBatch.id == Statement.export_batch_id)
                           .where(Statement.trip_id.in_(trip_ids)))
    return {tid: (int(total), paid) for tid, total, paid in rows}


def _drafts_for_events(session: Session, events: list[dict]) -> list[Draft]:
    trip_ids = sorted({e["trip_id"] for e in events})
    trips = {t.id: t for t in session.scalars(select(Trip).where(Trip.id.in_(trip_ids)))}
    money = _money(session, trip_ids)
    drafts: list[Draft] = []
    for e in events:
        trip = trips.get(e["trip_id"])
        if trip is None:
            continue
        amount, paid_on = money.get(trip.id, (None, None))
        on = paid_on or (trip.paid_at.date() if trip.paid_at else None)
        for kind in notices.kinds_for(e["action"], e["to_status"]):
            drafts += drafts_for(session, trip, kind, f"t{trip.id}:{e['seq']}", amount=amount,
                                 comment=e["comment"], on=on)
    return drafts


def settings_of(session: Session, user_ids: Iterable[int]) -> dict[int, NotificationSettings]:
    """Each user's settings row (a default, unsaved row for users without one)."""
    ids = set(user_ids)
    found = {s.user_id: s for s in session.scalars(
        select(NotificationSettings).where(NotificationSettings.user_id.in_(ids)))} if ids else {}
    return {uid: found.get(uid) or NotificationSettings(user_id=uid, inbox=True, email=True,
                                                        push=True, email_digest=False)
            for uid in ids}


def mail_address(settings: NotificationSettings, username: str, config) -> str | None:
    """The user's own address, else username@MAIL_USER_DOMAIN when the agency sets one."""
    if settings.email_address:
        return settings.email_address
    domain = config.get("MAIL_USER_DOMAIN")
    return f"{username}@{domain}" if domain else None


def _channels(session: Session, user_ids: set[int], config) -> dict[int, tuple[bool, list[str], bool]]:
    """user id -> (in the inbox?, external channels, digest?) from settings and configuration."""
    settings = settings_of(session, user_ids)
    names = {uid: name for uid, name in session.execute(
        select(User.id, User.username).where(User.id.in_(user_ids)))} if user_ids else {}
    pushers = set(session.scalars(select(PushSubscription.user_id).where(
        PushSubscription.user_id.in_(user_ids)))) if config.get("VAPID_PRIVATE_KEY") else set()
    out = {}
    for uid, s in settings.items():
        channels = []
        if s.email and config.get("SMTP_URL") and mail_address(s, names.get(uid, ""), config):
            channels.append("email")
        if s.push and uid in pushers:
            channels.append("push")
        out[uid] = (bool(s.inbox), channels, bool(s.email_digest))
    return out


def write(session: Session, drafts: list[Draft], config) -> tuple[list[Draft], list[int]]:
    """Insert the drafts not yet written (by dedupe key) and their outbox rows.

    Returns the drafts written and the ids of the outbox rows to send now.
    """
    if not drafts:
        return [], []
    existing = set(session.execute(select(Notification.user_id, Notification.dedupe_key).where(
        Notification.dedupe_key.in_({d.dedupe_key for d in drafts}))).all())
    fresh, seen = [], set()
    for d in drafts:
        if (d.user_id, d.dedupe_key) not in existing and (d.user_id, d.dedupe_key) not in seen:
            seen.add((d.user_id, d.dedupe_key))
            fresh.append(d)
    if not fresh:
        return [], []
    channels = _channels(session, {d.user_id for d in fresh}, config)
    now = now_seoul()
    rows = [{**d.__dict__, "in_inbox": channels[d.user_id][0], "created_at": now} for d in fresh]
    ids = session.scalars(insert(Notification).returning(Notification.id, sort_by_parameter_order=True),
                          rows).all()
    outbox = []
    for nid, d in zip(ids, fresh, strict=True):
        _inbox, wanted, digest = channels[d.user_id]
        for channel in wanted:
            held = channel == "email" and digest and d.kind in notices.DIGESTIBLE
            outbox.append({"notification_id": nid, "channel": channel, "attempts": 0,
                           "status": "digest" if held else "pending", "due_at": now,
                           "created_at": now})
    if not outbox:
        return fresh, []
    result = session.execute(insert(NotifyOutbox).returning(
        NotifyOutbox.id, NotifyOutbox.status, sort_by_parameter_order=True),
                             outbox).all()
    return fresh, [oid for oid, status in result if status == "pending"]


def emit(session: Session, trip: Trip, kind: str, key: str, *, comment: str = "",
         amount: int | None = None, user_ids: list[int] | None = None) -> None:
    """Queue a notice that is no plain transition (e.g. `post_report_waiting` after a 대결), written
    with this transaction's commit; `key` (e.g. the decision's id) makes a repeat a no-op."""
    session.info.setdefault(DRAFTS_KEY, []).extend(
        drafts_for(session, trip, kind, key, comment=comment, amount=amount, user_ids=user_ids))


def _before_commit(session: Session) -> None:
    events, drafts = session.info.pop(PENDING_KEY, None), session.info.pop(DRAFTS_KEY, None)
    if not (events or drafts) or not has_app_context():
        return
    drafts = (drafts or []) + (_drafts_for_events(session, events) if events else [])
    # A SQLAlchemy commit hook has no caller to pass settings in: it reads the running app's.
    _written, ids = write(session, drafts, current_app.config)
    if ids:
        session.info.setdefault(WAKE_KEY, []).extend(ids)


def _after_commit(session: Session) -> None:
    ids = session.info.pop(WAKE_KEY, None)
    if ids and has_app_context():
        from app.services.notify_worker import dispatch

        # The running app itself: its embedded sender's threads live in app.extensions.
        dispatch(current_app._get_current_object(), ids)  # type: ignore[attr-defined]


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)
    session.info.pop(DRAFTS_KEY, None)
    session.info.pop(WAKE_KEY, None)


event.listen(Session, "before_commit", _before_commit)
event.listen(Session, "after_commit", _after_commit)
event.listen(Session, "after_rollback", _after_rollback)
