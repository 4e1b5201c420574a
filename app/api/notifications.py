"""The inbox, channel settings and push devices of the signed-in user (issue 16); only their own."""
from __future__ import annotations

from flask import current_app, request
from flask.views import MethodView
from flask_jwt_extended import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from app.api.schemas import PageArgsSchema, PageMetaSchema, page_meta
from app.auth import login_required
from app.extensions import db
from app.services import notify_inbox as svc

blp = Blueprint("notifications", __name__, url_prefix="/api/v1",
                description="Notifications: the inbox, channel settings and push devices")


class InboxArgsSchema(PageArgsSchema):
    unread = fields.Integer(load_default=0, validate=validate.OneOf([0, 1]),
                            metadata={"description": "1: unread items only"})


class NotificationSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    trip_id = fields.Integer(allow_none=True)
    title = fields.String(required=True)
    body = fields.String(required=True)
    link = fields.String(required=True)
    amount = fields.Integer(allow_none=True)
    created_at = fields.AwareDateTime(required=True)
    read_at = fields.AwareDateTime(allow_none=True)
    read = fields.Function(lambda n: n.read_at is not None, required=True)


class InboxSchema(Schema):
    items = fields.List(fields.Nested(NotificationSchema), required=True)
    unread = fields.Integer(required=True)
    meta = fields.Nested(PageMetaSchema, required=True)


class ReadAllSchema(Schema):
    marked = fields.Integer(required=True)
    unread = fields.Integer(required=True)


class SettingsUpdateSchema(Schema):
    inbox = fields.Boolean()
    email = fields.Boolean()
    push = fields.Boolean()
    email_address = fields.String(allow_none=True, validate=validate.Length(max=254))
    email_digest = fields.Boolean(metadata={"description": "approval requests as one daily mail"})


class SettingsSchema(Schema):
    inbox = fields.Boolean(required=True)
    email = fields.Boolean(required=True)
    push = fields.Boolean(required=True)
    email_address = fields.String(allow_none=True, required=True)
    email_digest = fields.Boolean(required=True)
    email_to = fields.String(allow_none=True, required=True,
                             metadata={"description": "where mails go (own address or agency default)"})
    email_available = fields.Boolean(required=True)
    push_public_key = fields.String(allow_none=True, required=True,
                                    metadata={"description": "VAPID applicationServerKey"})
    push_devices = fields.Integer(required=True)


class PushKeysSchema(Schema):
    p256dh = fields.String(required=True, validate=validate.Length(min=40, max=200))
    auth = fields.String(required=True, validate=validate.Length(min=16, max=100))


class PushSubscribeSchema(Schema):
    """PushSubscription.toJSON() of the browser."""

    endpoint = fields.String(required=True, validate=validate.Length(min=10, max=1000))
    keys = fields.Nested(PushKeysSchema, required=True)
    expirationTime = fields.Integer(allow_none=True)  # noqa: N815 (the browser's name)


class PushSubscriptionSchema(Schema):
    id = fields.Integer(required=True)
    endpoint = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)


@blp.route("/notifications", methods=["GET"])
@login_required
@blp.arguments(InboxArgsSchema, location="query")
@blp.response(200, InboxSchema)
def list_notifications(args: dict):
    """The caller's inbox, newest first (?unread=1: unread only), with the unread count."""
    items, total, unread = svc.inbox(session=db.session, actor=current_user,
                                     unread_only=bool(args["unread"]), page=args["page"],
                                     per_page=args["per_page"])
    return {"items": items, "unread": unread,
            "meta": page_meta(args["page"], args["per_page"], total)}


@blp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
@blp.response(200, NotificationSchema)
def read_notification(notification_id: int):
    """Mark one of the caller's items read (404 for anyone else's)."""
    return svc.mark_read(session=db.session, actor=current_user, notification_id=notification_id)


@blp.route("/notifications/read-all", methods=["POST"])
@login_required
@blp.response(200, ReadAllSchema)
def read_all_notifications():
    """Mark all of the caller's items read."""
    marked = svc.mark_all_read(session=db.session, actor=current_user)
    return {"marked": marked, "unread": 0}


@blp.route("/me/notification-settings")
class NotificationSettings(MethodView):
    decorators = [login_required]

    @blp.response(200, SettingsSchema)
    def get(self):
        """Which channels the caller gets notices on, and what the server offers."""
        return svc.settings_view(session=db.session, actor=current_user, config=current_app.config)

    @blp.arguments(SettingsUpdateSchema)
    @blp.response(200, SettingsSchema)
    def put(self, body: dict):
        """Change the caller's channels (fields left out stay as they are)."""
        return svc.update_settings(session=db.session, actor=current_user, data=body,
                                   config=current_app.config)


@blp.route("/me/push-subscriptions", methods=["POST"])
@login_required
@blp.arguments(PushSubscribeSchema)
@blp.response(201, PushSubscriptionSchema)
def subscribe_push(body: dict):
    """Register this device for Web Push (the browser's PushSubscription)."""
    return svc.subscribe(session=db.session, actor=current_user, data=body,
                         config=current_app.config, user_agent=request.headers.get("User-Agent"))


@blp.route("/me/push-subscriptions/<int:subscription_id>", methods=["DELETE"])
@login_required
@blp.response(204)
def unsubscribe_push(subscription_id: int):
    """Forget one of the caller's devices."""
    svc.unsubscribe(session=db.session, actor=current_user, subscription_id=subscription_id)
    return ""

