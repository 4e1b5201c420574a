"""Schemas of the settlement and finance-export API."""
from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields, validate

from app.api.schemas import Day, Id, PageMetaSchema, Version
from workflow import bounds

ITEM_KRW = validate.Range(min=0, max=bounds.MAX_ITEM_KRW)

FUEL_TYPES = ("gasoline", "diesel", "lpg")


class StatementLineSchema(Schema):
    item = fields.String(required=True)
    quantity = fields.Integer(required=True)
    unit_amount = fields.Integer(required=True)
    amount = fields.Integer(required=True)
    rule = fields.String(required=True)
    note = fields.String()


class StatementFlagSchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    blocking = fields.Boolean(required=True)
    ref = fields.Integer(allow_none=True, metadata={"description": "index of the expense"})
    receipt_id = fields.Integer(allow_none=True, metadata={"description": "receipt it concerns"})


class StatementSchema(Schema):
    """A 여비 statement: lines with the rule applied, flags, total in KRW."""

    trip_id = fields.Integer(allow_none=True)
    grade = fields.Integer(required=True)
    lines = fields.List(fields.Nested(StatementLineSchema), required=True)
    flags = fields.List(fields.Nested(StatementFlagSchema), required=True)
    total = fields.Integer(required=True)
    needs_review = fields.Boolean(required=True)
    rates_effective = fields.String(required=True)
    created_at = fields.AwareDateTime(format="iso", allow_none=True)
    settled_at = fields.AwareDateTime(format="iso", allow_none=True)


class StatementArgsSchema(Schema):
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "html", "pdf")))


class PreviewSchema(Schema):
    """The workflow.allowances body; the calculator checks each field and names what is wrong."""

    class Meta:
        unknown = INCLUDE

    grade = fields.Raw(required=True, metadata={"description": "1 (제1호) or 2 (제2호)"})
    start_at = fields.Raw(required=True, metadata={"description": "ISO 8601, e.g. 2026-03-10T07:30+09:00"})
    end_at = fields.Raw(required=True)
    destination = fields.Raw(metadata={"description": "e.g. 부산광역시 해운대구"})
    destination_region = fields.Raw(metadata={"description": "seoul | metro | other"})
    within_duty_area = fields.Raw()
    duty_area_hours = fields.Raw()
    official_vehicle = fields.Raw()
    expenses = fields.Raw(metadata={"description": "fare, lodging, lodging_with_relatives, fuel, toll"})


class LodgingClaimSchema(Schema):
    night = Day(required=True, metadata={"description": "the night beginning on this date"})
    amount = fields.Integer(validate=ITEM_KRW)
    receipt_id = Id(metadata={"description": "a lodging bill among the trip's receipts"})
    justification = fields.String(validate=validate.Length(max=500))


class FuelClaimSchema(Schema):
    # The range is checked by workflow.bounds (via the calculator) and documented here as numbers:
    # a marshmallow Range on a Decimal would be serialised into the document as strings.
    distance_km = fields.Decimal(required=True, metadata={
        "type": "number", "exclusiveMinimum": True, "minimum": 0,
        "maximum": int(bounds.MAX_DISTANCE_KM)})
    fuel_type = fields.String(required=True, validate=validate.OneOf(FUEL_TYPES))
    fuel_price = fields.Integer(required=True, validate=validate.Range(
        min=1, max=bounds.MAX_FUEL_PRICE_KRW))


class SettleSchema(Schema):
    """Body of POST /trips/<id>/settle: what receipts cannot say (all optional)."""

    comment = fields.String(load_default="", validate=validate.Length(max=2000))
    version = Version()
    lodging = fields.List(fields.Nested(LodgingClaimSchema),
                          validate=validate.Length(max=bounds.MAX_LODGING_NIGHTS))
    relatives_nights = fields.List(Day(), validate=validate.Length(max=bounds.MAX_LODGING_NIGHTS))
    fuel = fields.Nested(FuelClaimSchema)
    tolls = fields.List(fields.Integer(validate=ITEM_KRW), validate=validate.Length(max=bounds.MAX_TOLLS))


class ExportBatchSchema(Schema):
    """A batch of settled statements handed to finance."""

    id = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(("open", "confirmed", "cancelled")))
    item_count = fields.Integer(required=True)
    total = fields.Integer(required=True)
    created_by = fields.Integer()
    created_at = fields.AwareDateTime(format="iso")
    confirmed_at = fields.AwareDateTime(format="iso", allow_none=True)
    cancelled_at = fields.AwareDateTime(format="iso", allow_none=True)
    payment_date = fields.Date(allow_none=True)
    payment_reference = fields.String(allow_none=True)


class EmptyExportSchema(Schema):
    """Nothing to export: no batch was created."""

    item_count = fields.Integer(required=True)
    total = fields.Integer(required=True)
    message = fields.String(required=True)


class ExportItemSchema(Schema):
    """One statement in a batch: what finance needs to pay it."""

    batch_id = fields.Integer()
    trip_id = fields.Integer()
    employee_no = fields.String()
    name = fields.String()
    unit_code = fields.String()
    unit_name = fields.String()
    fare = fields.Integer()
    daily = fields.Integer()
    meal = fields.Integer()
    lodging = fields.Integer()
    duty_area = fields.Integer()
    fuel = fields.Integer()
    toll = fields.Integer()
    total = fields.Integer()
    settled_at = fields.AwareDateTime(format="iso", allow_none=True)


class ExportDetailSchema(ExportBatchSchema):
    items = fields.List(fields.Nested(ExportItemSchema), required=True)
    meta = fields.Nested(PageMetaSchema, required=True)


class ExportPageSchema(Schema):
    items = fields.List(fields.Nested(ExportBatchSchema), required=True)
    meta = fields.Nested(PageMetaSchema, required=True)


class ExportArgsSchema(Schema):
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "csv")))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class ConfirmSchema(Schema):
    payment_date = Day(required=True)
    payment_reference = fields.String(required=True, validate=validate.Length(min=1, max=100))
