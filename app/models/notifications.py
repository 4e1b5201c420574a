"""Notifications: the inbox, the outbox of mails and pushes, each delivery, settings, push devices."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import SeoulDateTime, now_seoul


class Notification(db.Model):
    """One thing told to one person; its row is the inbox item (written with the change itself)."""

    __tablename__ = "notifications"
    # A notice is created once: per audit row for transitions, per day or trip for reminders.
    __table_args__ = (UniqueConstraint("user_id", "dedupe_key"),
                      Index("ix_notifications_user_id_read_at", "user_id", "read_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    trip_id: Mapped[int | None] = mapped_column(ForeignKey("trips.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # the app's text (inbox, push): may quote the comment
    mail_body: Mapped[str] = mapped_column(Text)  # the mail's text: title and amount only
    link: Mapped[str] = mapped_column(String(300))  # a path on this server: /m/#/trips/7, /web/trips/7
    amount: Mapped[int | None] = mapped_column(BigInteger)  # KRW, when the notice is about money
    dedupe_key: Mapped[str] = mapped_column(String(120))
    in_inbox: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul)
    read_at: Mapped[datetime | None] = mapped_column(SeoulDateTime)


class NotifyOutbox(db.Model):
    """One mail or push to send for a notification; the worker claims, sends, retries it."""

    __tablename__ = "notify_outbox"
    __table_args__ = (UniqueConstraint("notification_id", "channel"),
                      Index("ix_notify_outbox_status_due_at", "status", "due_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(10))  # email | push
    # pending -> sending -> sent | failed (attempts used up) | skipped (nothing to send to);
    # digest: held for the approver's daily mail.
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul)
    locked_by: Mapped[str | None] = mapped_column(String(100))
    locked_at: Mapped[datetime | None] = mapped_column(SeoulDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul)
    sent_at: Mapped[datetime | None] = mapped_column(SeoulDateTime)


class NotifyDelivery(db.Model):
    """One attempt to hand an outbox item to one target (a mailbox, a push device)."""

    __tablename__ = "notify_deliveries"
    __table_args__ = (Index("ix_notify_deliveries_outbox_id_target", "outbox_id", "target"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("notify_outbox.id", ondelete="CASCADE"))
    attempt: Mapped[int] = mapped_column(Integer)
    target: Mapped[str] = mapped_column(String(80))  # mail:<outbox id>, push:<subscription id>
    outcome: Mapped[str] = mapped_column(String(10))  # sent | error | gone
    status_code: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul)


class NotificationSettings(db.Model):
    """Which channels a user wants; a user without a row has the defaults."""

    __tablename__ = "notification_settings"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    inbox: Mapped[bool] = mapped_column(Boolean, default=True)
    email: Mapped[bool] = mapped_column(Boolean, default=True)
    push: Mapped[bool] = mapped_column(Boolean, default=True)
    email_address: Mapped[str | None] = mapped_column(String(254))
    email_digest: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul, onupdate=now_seoul)


class PushSubscription(db.Model):
    """One device's Web Push subscription (PushSubscription.toJSON() of the browser)."""

    __tablename__ = "push_subscriptions"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(1000), unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(SeoulDateTime, default=now_seoul)
    last_sent_at: Mapped[datetime | None] = mapped_column(SeoulDateTime)
