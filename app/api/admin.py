"""Admin views of the organisation: users and units (admin role)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import func, select

from app.api.schemas import PageArgsSchema, PageMetaSchema, UnitSchema, UserSchema, page_meta
from app.auth import roles_required
from app.extensions import db
from app.models import Unit, User

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
