"""Admin views: users and units, and the personal-data access log (admin role)."""
from __future__ import annotations

from flask_jwt_extended import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import func, select

from app.api.schemas import (PageArgsSchema, PageMetaSchema, ProblemSchema, UnitSchema,
                             UserSchema, page_meta)
from app.auth import roles_required
from app.extensions import db
from app.models import AccessAction, AccessResource, Unit, User
from app.services import access_log

blp = Blueprint("admin", __name__, url_prefix="/api/v1/admin", description="Organisation (admin)")


class UserPageSchema(Schema):
    items = fields.List(fields.Nested(UserSchema), required=True)
    meta = fields.Nested(PageMetaSchema, required=True)


class UnitListSchema(Schema):
    items = fields.List(fields.Nested(UnitSchema), required=True)


@blp.route("/users", methods=["GET"])
@roles_required("admin")
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, UserPageSchema)
def list_users(args: dict):
    """All users, by username, a page at a time."""
    page, per_page = args["page"], args["per_page"]
    total = db.session.scalar(select(func.count(User.id)))
    users = db.session.scalars(
        select(User).order_by(User.username).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return {"items": users, "meta": page_meta(page, per_page, total)}


@blp.route("/units", methods=["GET"])
@roles_required("admin")
@blp.response(200, UnitListSchema)
def list_units():
    """All units."""
    return {"items": db.session.scalars(select(Unit).order_by(Unit.code)).all()}


ID = validate.Range(min=1, max=2**31 - 1)


class AccessLogArgsSchema(PageArgsSchema):
    subject_id = fields.Integer(validate=ID, metadata={"description": "whose data was read"})
    actor_id = fields.Integer(validate=ID, metadata={"description": "who read it"})
    date_from = fields.Date(metadata={"description": "first Seoul calendar day, inclusive"})
    date_to = fields.Date(metadata={"description": "last Seoul calendar day, inclusive"})

    @validates_schema
    def _range(self, data: dict, **_kwargs) -> None:
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise ValidationError("date_to is before date_from.", field_name="date_to")


class AccessLogEntrySchema(Schema):
    actor_id = fields.Integer(required=True)
    subject_id = fields.Integer(required=True)
    resource = fields.String(required=True, validate=validate.OneOf([r.value for r in AccessResource]))
    resource_id = fields.Integer(required=True)
    action = fields.String(required=True, validate=validate.OneOf([a.value for a in AccessAction]))
    reason = fields.String(required=True, allow_none=True)
    ip = fields.String(required=True)
    at = fields.AwareDateTime(required=True, format="iso")


class AccessLogPageSchema(Schema):
    items = fields.List(fields.Nested(AccessLogEntrySchema), required=True)
    meta = fields.Nested(PageMetaSchema, required=True)


@blp.route("/access-log", methods=["GET"])
@roles_required("admin")
@blp.arguments(AccessLogArgsSchema, location="query")
@blp.response(200, AccessLogPageSchema)
@blp.alt_response(403, schema=ProblemSchema, description="Admin only")
def list_access_log(args: dict):
    """Reads of other people's personal data (개인정보 안전성 확보조치 기준 제8조), newest first."""
    page, per_page = args.pop("page"), args.pop("per_page")
    items, total = access_log.list_access(session=db.session, actor=current_user,
                                          filters=access_log.AccessFilter(**args), page=page,
                                          per_page=per_page)
    return {"items": items, "meta": page_meta(page, per_page, total)}
