"""A user's own side of notifications: the inbox, their channel settings, their push devices."""
from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app.errors import NotFound, ValidationFailed
from app.models import Notification, NotificationSettings, PushSubscription, User, now_seoul
from app.services.notify import mail_address, settings_of
from app.services.notify_send import vapid_public_key

EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,63}$")
SETTINGS_FIELDS = ("inbox", "email", "push", "email_address", "email_digest")
DEVICE_LIMIT = 20


def _mine(actor: User):
    return select(Notification).where(Notification.user_id == actor.id,
                                      Notification.in_inbox.is_(True))


def unread_count(*, session: Session, actor: User) -> int:
    """How many of `actor`'s inbox items are unread."""
    return int(session.scalar(select(func.count()).select_from(
        _mine(actor).where(Notification.read_at.is_(None)).subquery())) or 0)


def inbox(*, session: Session, actor: User, unread_only: bool = False, page: int = 1,
          per_page: int = 20) -> tuple[list[Notification], int, int]:
    """`actor`'s inbox newest first: (one page, total matching, unread count)."""
    stmt = _mine(actor)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    items = session.scalars(stmt.order_by(Notification.created_at.desc(), Notification.id.desc())
                            .limit(per_page).offset((page - 1) * per_page)).all()
    return list(items), int(total), unread_count(session=session, actor=actor)


def mark_read(*, session: Session, actor: User, notification_id: int) -> Notification:
    """Mark one of `actor`'s own items read (404 for anyone else's); repeating it changes nothing."""
    note = session.get(Notification, notification_id)
    if note is None or note.user_id != actor.id or not note.in_inbox:
        raise NotFound(f"Notification {notification_id} not found.")
    if note.read_at is None:
        note.read_at = now_seoul()
        session.commit()
    return note


def mark_all_read(*, session: Session, actor: User) -> int:
    """Mark every unread item of `actor` read; how many changed."""
    changed = session.execute(
        update(Notification).where(Notification.user_id == actor.id, Notification.read_at.is_(None))
        .values(read_at=now_seoul()).execution_options(synchronize_session=False)).rowcount
    session.commit()
    return int(changed or 0)


def settings_view(*, session: Session, actor: User, config) -> dict:
    """`actor`'s channel settings, with what the server offers (mail configured, the push key)."""
    row = settings_of(session, [actor.id])[actor.id]
    devices = session.scalar(select(func.count(PushSubscription.id)).where(
        PushSubscription.user_id == actor.id)) or 0
    return {"inbox": row.inbox, "email": row.email, "push": row.push,
            "email_address": row.email_address, "email_digest": row.email_digest,
            "email_to": mail_address(row, actor.username, config),
            "email_available": bool(config.get("SMTP_URL")),
            "push_public_key": vapid_public_key(config.get("VAPID_PRIVATE_KEY"),
                                                config.get("VAPID_PUBLIC_KEY")),
            "push_devices": int(devices)}


def update_settings(*, session: Session, actor: User, data: dict, config) -> dict:
    """Change the fields given (others stay); an address that is not one is refused (422)."""
    address = data.get("email_address")
    if isinstance(address, str):
        address = address.strip() or None
        if address and (len(address) > 254 or not EMAIL.match(address)):
            raise ValidationFailed(errors={"email_address": ["Give an e-mail address, e.g. "
                                                             "kim@korea.kr, or null."]})
        data = {**data, "email_address": address}
    row = session.get(NotificationSettings, actor.id)
    if row is None:
        row = settings_of(session, [actor.id])[actor.id]
        session.add(row)
    for name in SETTINGS_FIELDS:
        if name in data:
            setattr(row, name, data[name])
    row.updated_at = now_seoul()
    session.commit()
    return settings_view(session=session, actor=actor, config=config)


def _check_endpoint(endpoint: str, config) -> None:
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    allowed = [h.strip().lower() for h in config.get("PUSH_SERVICE_HOSTS", "").split(",") if h.strip()]
    known = any(host == h or host.endswith("." + h) for h in allowed)
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    # The server will POST to this URL: only push services, over https (plain http on loopback only).
    if not known or not (parts.scheme == "https" or (parts.scheme == "http" and loopback)):
        raise ValidationFailed(errors={"endpoint": [
            "Not a push service this server sends to (PUSH_SERVICE_HOSTS, https)."]})


def subscribe(*, session: Session, actor: User, data: dict, config,
              user_agent: str | None = None) -> PushSubscription:
    """Store this device's subscription for `actor` (a device that changed hands moves with it)."""
    _check_endpoint(data["endpoint"], config)
    row = session.scalar(select(PushSubscription).where(PushSubscription.endpoint == data["endpoint"]))
    if row is None:
        count = session.scalar(select(func.count(PushSubscription.id)).where(
            PushSubscription.user_id == actor.id)) or 0
        if count >= DEVICE_LIMIT:
            raise ValidationFailed(f"At most {DEVICE_LIMIT} devices; remove one first.")
        row = PushSubscription(endpoint=data["endpoint"], user_id=actor.id)
        session.add(row)
    row.user_id, row.p256dh, row.auth = actor.id, data["keys"]["p256dh"], data["keys"]["auth"]
    row.user_agent = (user_agent or "")[:300] or None
    session.commit()
    return row


def unsubscribe(*, session: Session, actor: User, subscription_id: int) -> None:
    """Forget one of `actor`'s devices (404 for anyone else's)."""
    gone = session.execute(delete(PushSubscription).where(
        PushSubscription.id == subscription_id, PushSubscription.user_id == actor.id)).rowcount
    if not gone:
        session.rollback()
        raise NotFound(f"Push subscription {subscription_id} not found.")
    session.commit()
