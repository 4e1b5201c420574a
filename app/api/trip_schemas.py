"""Schemas of the trip API: the contract the phone app is built on."""
from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields, validate

from app.api.schemas import Day, Id, Moment, PageArgsSchema, PageMetaSchema, UnitSchema, Version
from app.services.trips import REGION_CLASSES, TRANSPORTS
from workflow.states import TripStatus

STATUSES = [s.value for s in TripStatus]


class TravelerSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    name = fields.String()
    employee_no = fields.String()
    grade = fields.Integer()


class TripCreateSchema(Schema):
    """Body of POST /trips."""

    purpose = fields.String(required=True, validate=validate.Length(min=1, max=500))
    destination = fields.String(required=True, validate=validate.Length(min=1, max=200))
    origin = fields.String(validate=validate.Length(min=1, max=200), allow_none=True)
    start_at = Moment(required=True)
    end_at = Moment(required=True, metadata={"description": "after start_at, at most 366 days later"})
    transport = fields.String(required=True, validate=validate.OneOf(TRANSPORTS))
    within_duty_area = fields.Boolean(load_default=False)
    region_class = fields.String(validate=validate.OneOf(REGION_CLASSES), allow_none=True)
    region_override_reason = fields.String(validate=validate.Length(max=500), allow_none=True)
    estimated_cost = fields.Integer(validate=validate.Range(min=0, max=10**12), allow_none=True,
                                    metadata={"description": "KRW, for the approval policy; "
                                                             "estimated from the rates if empty"})


class TripUpdateSchema(Schema):
    """Body of PATCH /trips/<id>: any subset of the draft's fields, and the version you saw."""

    purpose = fields.String(validate=validate.Length(min=1, max=500))
    destination = fields.String(validate=validate.Length(min=1, max=200))
    origin = fields.String(validate=validate.Length(min=1, max=200), allow_none=True)
    start_at = Moment()
    end_at = Moment(metadata={"description": "after start_at, at most 366 days later"})
    transport = fields.String(validate=validate.OneOf(TRANSPORTS))
    within_duty_area = fields.Boolean()
    region_class = fields.String(validate=validate.OneOf(REGION_CLASSES), allow_none=True)
    region_override_reason = fields.String(validate=validate.Length(max=500), allow_none=True)
    estimated_cost = fields.Integer(validate=validate.Range(min=0, max=10**12), allow_none=True,
                                    metadata={"description": "KRW, for the approval policy; "
                                                             "estimated from the rates if empty"})
    version = Version(load_only=True)


STEP_STATUSES = ["waiting", "pending", "approved", "returned", "rejected"]


class ApprovalStepSchema(Schema):
    """One step of the trip's 결재선, fixed when it was applied (issue 15)."""

    order = fields.Integer(required=True)
    title = fields.String(required=True, metadata={"description": "e.g. 검토, 결재"})
    status = fields.String(required=True, validate=validate.OneOf(STEP_STATUSES))
    approver_ids = fields.List(fields.Integer(), required=True,
                               metadata={"description": "who may decide this step"})
    approver_names = fields.List(fields.String())
    decided_by = fields.Integer(required=True, allow_none=True)
    decided_by_name = fields.String(allow_none=True)
    decided_at = fields.AwareDateTime(format="iso", required=True, allow_none=True)
    on_behalf_of = fields.Integer(required=True, allow_none=True,
                                  metadata={"description": "대결: the absent approver"})
    on_behalf_of_name = fields.String(allow_none=True)
    mark = fields.String(metadata={"description": "대결 when decided by a substitute, else empty"})
    comment = fields.String(required=True)
    acknowledged_at = fields.AwareDateTime(format="iso", allow_none=True,
                                           metadata={"description": "사후보고 acknowledged"})


class TripSchema(Schema):
    """A trip as the API returns it."""

    id = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    version = fields.Integer(required=True)
    purpose = fields.String()
    origin = fields.String(allow_none=True)
    destination = fields.String()
    region_class = fields.String()
    region_override_reason = fields.String(allow_none=True)
    start_at = fields.AwareDateTime(format="iso")
    end_at = fields.AwareDateTime(format="iso")
    transport = fields.String()
    within_duty_area = fields.Boolean()
    traveler = fields.Nested(TravelerSchema)
    unit = fields.Nested(UnitSchema)
    created_at = fields.AwareDateTime(format="iso")
    applied_at = fields.AwareDateTime(format="iso", allow_none=True)
    approved_at = fields.AwareDateTime(format="iso", allow_none=True)
    settled_at = fields.AwareDateTime(format="iso", allow_none=True)
    paid_at = fields.AwareDateTime(format="iso", allow_none=True)
    allowed_actions = fields.List(fields.String())
    estimated_cost = fields.Integer(allow_none=True)
    approval_steps = fields.List(fields.Nested(ApprovalStepSchema))
    settlement_steps = fields.List(fields.Nested(ApprovalStepSchema))


class TripPageSchema(Schema):
    items = fields.List(fields.Nested(TripSchema), required=True)
    meta = fields.Nested(PageMetaSchema, required=True)


class TripListArgsSchema(PageArgsSchema):
    """Filters of GET /trips."""

    status = fields.List(fields.String(validate=validate.OneOf(STATUSES)))
    date_from = Day()
    date_to = Day()
    traveler_id = Id()
    unit_id = Id()


class ActionSchema(Schema):
    """Body of POST /trips/<id>/<action> (all optional except where a comment is required)."""

    comment = fields.String(load_default="", validate=validate.Length(max=2000))
    version = Version()


# One visible character: printable ASCII, or a letter or sign past Latin-1's controls, without
# any character Python's str.strip() (workflow.machine) or JSON Schema's \s counts as a space.
VISIBLE = "[!-~\u00c0-\u167f\u1681-\u1fff\u2030-\u205e\u2060-\u2fff\u3001-\ud7ff\ue000-\ufeef]"


def _visible(value: str) -> None:
    if not re.search(VISIBLE, value):
        raise ValidationError("A comment is required: write the reason.")


class CommentedActionSchema(ActionSchema):
    """Body of reject, return and return-settlement: the comment is required (workflow.machine)."""

    comment = fields.String(required=True, validate=[validate.Length(max=2000), _visible],
                            metadata={"description": "the reason the traveler reads; not blank",
                                      "pattern": VISIBLE})


class EventSchema(Schema):
    """One row of the audit trail."""

    seq = fields.Integer()
    action = fields.String()
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    actor_id = fields.Integer(allow_none=True)
    actor_name = fields.Function(lambda e: e.actor.name if e.actor else None)
    comment = fields.String()
    at = fields.AwareDateTime(format="iso")
    request_id = fields.String()
    step = fields.Integer(allow_none=True, metadata={"description": "the 결재선 step decided"})
    on_behalf_of_id = fields.Integer(allow_none=True, metadata={"description": "대결: in whose place"})
    hash = fields.String()
    prev_hash = fields.String()


class EventListSchema(Schema):
    items = fields.List(fields.Nested(EventSchema), required=True)
