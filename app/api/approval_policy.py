"""Admins read and replace a unit's approval policy: the 위임전결 table as data (issue 15)."""
from __future__ import annotations

from flask_jwt_extended import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from app.api.schemas import ProblemSchema
from app.auth import roles_required
from app.extensions import db
from app.services import approval_policy as svc
from workflow.approval_line import REGIONS

blp = Blueprint("approval_policy", __name__, url_prefix="/api/v1/admin/units",
                description="Approval policies per unit (admin)")

NAMES = {"description": "a text or a list of texts"}


class WhenSchema(Schema):
    """Conditions of one rule; every key optional, all given ones must hold."""

    min_days = fields.Integer(validate=validate.Range(min=1, max=366))
    max_days = fields.Integer(validate=validate.Range(min=1, max=366))
    grade = fields.Integer(validate=validate.OneOf([1, 2]),
                           metadata={"description": "여비 규정 별표 1: 1 = 제1호, 2 = 제2호"})
    min_cost = fields.Integer(validate=validate.Range(min=0, max=10**12))
    max_cost = fields.Integer(validate=validate.Range(min=0, max=10**12))
    position = fields.Raw(metadata={**NAMES, "description": "직위, e.g. 과장 or [과장, 국장]"})
    region = fields.Raw(metadata={"description": f"one of {', '.join(REGIONS)}, or a list"})


class StepSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=40))
    approver_ids = fields.List(fields.Integer(validate=validate.Range(min=1, max=2**31 - 1)),
                               required=True, validate=validate.Length(min=1, max=50))


class RuleSchema(Schema):
    when = fields.Nested(WhenSchema)
    steps = fields.List(fields.Nested(StepSchema), required=True,
                        validate=validate.Length(min=1, max=10))


class PolicyBodySchema(Schema):
    """Body of PUT: the rules for applications and, optionally, for settlement review."""

    rules = fields.List(fields.Nested(RuleSchema), required=True,
                        validate=validate.Length(max=50),
                        metadata={"description": "first match decides; the last has no when"})
    settlement_rules = fields.List(fields.Nested(RuleSchema), load_default=list,
                                   validate=validate.Length(max=50))


class PolicySchema(PolicyBodySchema):
    unit_id = fields.Integer(required=True)
    unit_code = fields.String(required=True)
    updated_at = fields.AwareDateTime(format="iso", allow_none=True)
    updated_by_id = fields.Integer(allow_none=True)


@blp.route("/<int:unit_id>/approval-policy", methods=["GET"])
@roles_required("admin")
@blp.response(200, PolicySchema)
@blp.alt_response(403, schema=ProblemSchema, description="Admin only")
@blp.alt_response(404, schema=ProblemSchema, description="No such unit")
def get_policy(unit_id: int):
    """The unit's rules; empty rules mean the default line (one 결재 step, any approver)."""
    return svc.get_policy(session=db.session, unit=unit_id)


@blp.route("/<int:unit_id>/approval-policy", methods=["PUT"])
@roles_required("admin")
@blp.arguments(PolicyBodySchema)
@blp.response(200, PolicySchema)
@blp.alt_response(403, schema=ProblemSchema, description="Admin only")
@blp.alt_response(404, schema=ProblemSchema, description="No such unit")
def put_policy(body: dict, unit_id: int):
    """Replace the unit's policy; trips already applied keep the line they were given."""
    return svc.set_policy(session=db.session, actor=current_user, unit=unit_id, data=body)
