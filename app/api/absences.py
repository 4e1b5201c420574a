"""The caller's absences (대결 by a substitute), their 사후보고 items, and acknowledging them."""
from __future__ import annotations

from flask import g
from flask_jwt_extended import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from app.api.schemas import Id, Moment, ProblemSchema
from app.api.trip_schemas import ApprovalStepSchema
from app.auth import login_required
from app.extensions import db
from app.services import absences as svc
from app.services import approval_view, post_reports
from app.settings import current_settings

blp = Blueprint("absences", __name__, url_prefix="/api/v1",
                description="Absences, 대결 and 사후보고")


class AbsenceBodySchema(Schema):
    start_at = Moment(required=True)
    end_at = Moment(required=True)
    substitute_id = Id(required=True, metadata={
        "description": "an approver of a unit you approve for; decides your steps meanwhile"})
    reason = fields.String(load_default="", validate=validate.Length(max=500))


class AbsenceSchema(Schema):
    id = fields.Integer(required=True)
    user_id = fields.Integer(required=True)
    start_at = fields.AwareDateTime(format="iso", required=True)
    end_at = fields.AwareDateTime(format="iso", required=True)
    substitute_id = fields.Integer(required=True)
    substitute_name = fields.Function(lambda a: a.substitute.name)
    reason = fields.String(required=True)
    created_at = fields.AwareDateTime(format="iso")


class AbsenceListSchema(Schema):
    items = fields.List(fields.Nested(AbsenceSchema), required=True)


class PostReportSchema(ApprovalStepSchema):
    trip_id = fields.Integer(required=True)
    phase = fields.String(required=True, validate=validate.OneOf(["trip", "settlement"]))


class PostReportListSchema(Schema):
    items = fields.List(fields.Nested(PostReportSchema), required=True)


class PostReportArgsSchema(Schema):
    include_acknowledged = fields.Boolean(load_default=False)


@blp.route("/me/absences", methods=["POST"])
@login_required
@blp.arguments(AbsenceBodySchema)
@blp.response(201, AbsenceSchema)
@blp.alt_response(403, schema=ProblemSchema, description="Only approvers register absences")
def create_absence(body: dict):
    """Register an absence; the substitute decides your steps while it lasts (대결)."""
    return svc.create_absence(session=db.session, actor=current_user, data=body)


@blp.route("/me/absences", methods=["GET"])
@login_required
@blp.response(200, AbsenceListSchema)
def list_absences():
    """Your absences that were not withdrawn, latest first."""
    return {"items": svc.list_absences(session=db.session, actor=current_user)}


@blp.route("/me/absences/<int:absence_id>", methods=["DELETE"])
@login_required
@blp.response(204)
@blp.alt_response(404, schema=ProblemSchema, description="Not one of your absences")
def delete_absence(absence_id: int):
    """Withdraw an absence: the substitute's authority ends now."""
    svc.cancel_absence(session=db.session, actor=current_user, absence_id=absence_id)
    return ""


def _report_dicts(steps) -> list[dict]:
    out = []
    for step in steps:
        trip = step.trip
        view = approval_view.step_dicts(db.session, trip, [step])[0]
        out.append({**view, "trip_id": step.trip_id, "phase": step.phase})
    return out


@blp.route("/me/post-reports", methods=["GET"])
@login_required
@blp.arguments(PostReportArgsSchema, location="query")
@blp.response(200, PostReportListSchema)
def list_post_reports(args: dict):
    """사후보고: steps decided in your place while you were away; unacknowledged ones first."""
    steps = post_reports.post_reports(session=db.session, actor=current_user,
                                      include_acknowledged=args["include_acknowledged"])
    return {"items": _report_dicts(steps)}


@blp.route("/trips/<int:trip_id>/acknowledge", methods=["POST"])
@login_required
@blp.response(200, PostReportListSchema)
@blp.alt_response(404, schema=ProblemSchema, description="No 대결 decision in your place here")
@blp.alt_response(409, schema=ProblemSchema, description="Acknowledged already")
def acknowledge(trip_id: int):
    """Acknowledge the 사후보고 of every 대결 decision made in your place on this trip."""
    steps = post_reports.acknowledge(session=db.session, actor=current_user, trip_id=trip_id,
                                     request_id=getattr(g, "request_id", ""),
                                     settings=current_settings())
    return {"items": _report_dicts(steps)}
