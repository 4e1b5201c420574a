"""Schemas of the settlement and finance-export API."""
from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields, validate

from app.api.schemas import PageMetaSchema
from workflow.fuel import fuel_types

# One registry: the fuel types of workflow/data/fuel.json (hybrid, plugin_hybrid, electric from 2023-01-18).
FUEL_TYPES = tuple(sorted(fuel_types()))


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
    official_vehicle = fields.Raw(metadata={"description": "a 공무용 차량 every day (unless official_vehicle_dates)"})
    official_vehicle_dates = fields.Raw(metadata={"description": "days a 공무용 차량 was used: 일비 halved "
                                                                "on those days only (제16조③)"})
    dedicated_vehicle = fields.Raw(metadata={"description": "전용 차량 배정자: nothing inside the duty area "
                                                           "(제18조① 단서)"})
    duty_area_paid_that_day = fields.Raw(metadata={"description": "KRW already paid for other duty-area "
                                                                 "trips that day (20,000 a day at most)"})
    duty_station = fields.Raw(metadata={"description": "근무지, for the 제18조② check of a 통합특별시"})
    side_trip_dates = fields.Raw(metadata={"description": "제17조②: days away from the long-stay place"})
    shared_lodging = fields.Raw(metadata={"description": '{"people": 2}: travellers who shared the lodging'})
    meals_provided = fields.Raw(metadata={"description": "meals provided; counted only with "
                                                        "MEAL_DEDUCTION=third_per_meal"})
    submitted_on = fields.Raw(metadata={"description": "YYYY-MM-DD the claim is handed in (deadlines)"})
    expenses = fields.Raw(metadata={"description": "fare, lodging (place?), lodging_with_relatives, "
                                                  "fuel (reason?, replaced_fare?), toll"})


class LodgingClaimSchema(Schema):
    night = fields.Date(required=True, metadata={"description": "the night beginning on this date"})
    amount = fields.Integer(validate=validate.Range(min=0))
    receipt_id = fields.Integer(metadata={"description": "a lodging bill among the trip's receipts"})
    justification = fields.String(validate=validate.Length(max=500))
    place = fields.String(validate=validate.Length(max=200),
                          metadata={"description": "where the night was spent; its class caps it (별표 2)"})


class FuelClaimSchema(Schema):
    distance_km = fields.Decimal(required=True, validate=validate.Range(min=0, min_inclusive=False))
    fuel_type = fields.String(required=True, validate=validate.OneOf(FUEL_TYPES))
    fuel_price = fields.Integer(required=True, validate=validate.Range(min=1),
                                metadata={"description": "KRW per litre (electric: per kWh)"})
    reason = fields.String(validate=validate.Length(max=500),
                           metadata={"description": "why a car was unavoidable (별표 2 비고 제4호)"})
    replaced_fare = fields.Integer(validate=validate.Range(min=0),
                                   metadata={"description": "the rail or bus fare the car replaces"})


class SharedLodgingSchema(Schema):
    people = fields.Integer(required=True, validate=validate.Range(min=2, max=50))


class SettleSchema(Schema):
    """Body of POST /trips/<id>/settle: what receipts cannot say (all optional)."""

    comment = fields.String(load_default="", validate=validate.Length(max=2000))
    version = fields.Integer()
    lodging = fields.List(fields.Nested(LodgingClaimSchema), validate=validate.Length(max=400))
    relatives_nights = fields.List(fields.Date(), validate=validate.Length(max=400))
    fuel = fields.Nested(FuelClaimSchema)
    tolls = fields.List(fields.Integer(validate=validate.Range(min=0)), validate=validate.Length(max=100))
    dedicated_vehicle = fields.Boolean(metadata={"description": "전용 차량 배정자 (제18조① 단서)"})
    official_vehicle_dates = fields.List(fields.Date(), validate=validate.Length(max=400),
                                         metadata={"description": "days of a 공무용 차량 (제16조③)"})
    side_trip_dates = fields.List(fields.Date(), validate=validate.Length(max=400),
                                  metadata={"description": "제17조②: days away from the long-stay place"})
    shared_lodging = fields.Nested(SharedLodgingSchema)
    meals_provided = fields.Integer(validate=validate.Range(min=0, max=1200),
                                    metadata={"description": "counted only with MEAL_DEDUCTION=third_per_meal"})


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
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500), metadata={
        "description": "Why this personal data is downloaded (사유), kept in the access log, "
                       "e.g. '11월 여비 지급'."},
        error_messages={"required": "Say why you download this personal data (사유)."})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class ConfirmSchema(Schema):
    payment_date = fields.Date(required=True)
    payment_reference = fields.String(required=True, validate=validate.Length(min=1, max=100))
