"""Typed SQLAlchemy 2 models; importing this package registers every table."""
from app.models.access_log import AccessAction, AccessLog, AccessResource
from app.models.approval import Absence, ApprovalPolicy, ApprovalStep
from app.models.accounts import Agency, ApproverUnit, RevokedToken, Role, Unit, User, UserRole
from app.models.notifications import (Notification, NotificationSettings, NotifyDelivery,
                                      NotifyOutbox, PushSubscription)
from app.models.receipts import OcrJob, Receipt, ReceiptCorrection
from app.models.settlement import ExportBatch, Statement
from app.models.trips import IdempotencyRecord, InsertOnlyViolation, Trip, TripEvent, TripImpact
from app.models.types import SEOUL, now_seoul, seoul_midnight

__all__ = [
    "Absence", "ApprovalPolicy", "ApprovalStep",
    "Notification", "NotificationSettings", "NotifyDelivery", "NotifyOutbox", "PushSubscription",
    "AccessAction", "AccessLog", "AccessResource", "Agency", "ApproverUnit", "ExportBatch",
    "IdempotencyRecord", "InsertOnlyViolation", "OcrJob", "Receipt", "ReceiptCorrection", "RevokedToken",
    "Role", "SEOUL", "Statement", "Trip", "TripEvent", "TripImpact", "Unit", "User", "UserRole", "now_seoul",
    "seoul_midnight",
]
