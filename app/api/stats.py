"""GET /stats/impact: trips settled and the paper, steps and staff time they saved."""
from __future__ import annotations

from flask_jwt_extended import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from app.api.schemas import Day, Id
from app.auth import roles_required
from app.extensions import db
from app.services.stats import impact_summary
from app.settings import current_settings

blp = Blueprint("stats", __name__, url_prefix="/api/v1/stats", description="What the service saves")


class ImpactArgsSchema(Schema):
    unit_id = Id()
    date_from = Day()
    date_to = Day()


class ImpactParamsSchema(Schema):
    sheets_per_trip = fields.Integer()
    steps_before = fields.Integer()
    steps_after = fields.Integer()
    minutes_before = fields.Integer()
    minutes_after = fields.Integer()
    krw_per_staff_hour = fields.Integer()


class MonthSchema(Schema):
    month = fields.String()
    trips_settled = fields.Integer()
    sheets_saved = fields.Integer()
    staff_minutes_saved = fields.Integer()
    krw_saved = fields.Integer()


class ImpactSchema(Schema):
    trips_settled = fields.Integer(required=True)
    sheets_saved = fields.Integer(required=True)
    steps_saved = fields.Integer(required=True)
    staff_minutes_saved = fields.Integer(required=True)
    staff_hours_saved = fields.Float(required=True)
    krw_saved = fields.Integer(required=True)
    median_days_apply_to_settled = fields.Float(allow_none=True)
    parameters = fields.Nested(ImpactParamsSchema, required=True)
    unit_ids = fields.List(fields.Integer(), allow_none=True)
    date_from = fields.Date(allow_none=True)
    date_to = fields.Date(allow_none=True)
    by_month = fields.List(fields.Nested(MonthSchema))


@blp.route("/impact", methods=["GET"])
@roles_required("approver", "finance", "admin")
@blp.arguments(ImpactArgsSchema, location="query")
@blp.response(200, ImpactSchema)
def impact(args: dict):
    """Totals for a unit and date range (approvers: their units), with the model's parameters."""
    return impact_summary(session=db.session, actor=current_user,
                          params=current_settings().impact, **args)
