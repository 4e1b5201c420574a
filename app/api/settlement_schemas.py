"""Schemas of the settlement and finance-export API."""
from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields, validate

from app.api.schemas import YEAR_PATTERN, Day, Id, PageMetaSchema, Version
from workflow import bounds
from workflow.flags import LEVELS as FLAG_LEVELS
from workflow.fuel import fuel_types
from workflow.trip_case import FARE_MODES

ITEM_KRW = validate.Range(min=0, max=bounds.MAX_ITEM_KRW)

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
    level = fields.String(metadata={"enum": list(FLAG_LEVELS)})
    source = fields.String(metadata={"description": "the article or source of the rule"})
    field = fields.String(metadata={"description": "receipt field it concerns"})


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


def _expense_doc() -> dict:
    """The expense kinds of the calculator body as the document shows them (the calculator checks)."""
    money = {"type": "integer", "minimum": 0, "maximum": bounds.MAX_ITEM_KRW}
    day = {"type": "string", "format": "date", "pattern": YEAR_PATTERN}
    text = {"type": "string", "maxLength": bounds.MAX_SHORT_TEXT}

    def kind(name: str, props: dict, required: list[str]) -> dict:
        return {"type": "object", "required": ["kind", *required],
                "properties": {"kind": {"type": "string", "enum": [name]}, **props}}

    return {"type": "array", "maxItems": bounds.MAX_EXPENSES, "items": {"oneOf": [
        kind("fare", {"mode": {"type": "string", "enum": sorted(FARE_MODES)}, "amount": money,
                      "seat_class": text, "receipt_id": text, "date": day, "origin": text,
                      "destination": text}, ["mode", "amount"]),
        kind("lodging", {"night": day, "amount": money, "justification": text, "place": text},
             ["night", "amount"]),
        kind("lodging_with_relatives", {"night": day}, ["night"]),
        kind("fuel", {"distance_km": {"type": "number", "exclusiveMinimum": True, "minimum": 0,
                                      "maximum": int(bounds.MAX_DISTANCE_KM)},
                      "fuel_type": {"type": "string", "enum": list(FUEL_TYPES)},
                      "fuel_price": {"type": "integer", "minimum": 1,
                                     "maximum": bounds.MAX_FUEL_PRICE_KRW},
                      "reason": text, "replaced_fare": money},
             ["distance_km", "fuel_type", "fuel_price"]),
        kind("toll", {"amount": money}, ["amount"]),
    ]}, "description": "Nights lie within the trip, each once; no expenses on a duty-area trip."}


class PreviewSchema(Schema):
    """The workflow.allowances body; the calculator checks each field and names what is wrong.

    The fields are Raw so that every mistake is reported at once by the calculator (one 422 with
    an error per field); the document shows the types the calculator accepts.
    """

    class Meta:
        unknown = INCLUDE

    grade = fields.Raw(required=True, metadata={"type": "integer", "enum": [1, 2],
                                                "description": "1 (제1호) or 2 (제2호)"})
    start_at = fields.Raw(required=True, metadata={
        "type": "string", "format": "date-time", "pattern": YEAR_PATTERN,
        "description": "ISO 8601, e.g. 2026-03-10T07:30+09:00 (no offset: Asia/Seoul)"})
    end_at = fields.Raw(required=True, metadata={
        "type": "string", "format": "date-time", "pattern": YEAR_PATTERN,
        "description": f"not before start_at, at most {bounds.MAX_TRIP_DAYS} days later"})
    destination = fields.Raw(metadata={"type": "string", "minLength": 1,
                                       "maxLength": bounds.MAX_SHORT_TEXT,
                                       "description": "e.g. 부산광역시 해운대구"})
    destination_region = fields.Raw(metadata={"type": "string", "enum": ["seoul", "metro", "other"]})
    within_duty_area = fields.Raw(metadata={"type": "boolean"})
    duty_area_hours = fields.Raw(metadata={"type": "number", "exclusiveMinimum": True, "minimum": 0,
                                           "maximum": int(bounds.MAX_DUTY_AREA_HOURS)})
    official_vehicle = fields.Raw(metadata={"type": "boolean", "description": "a 공무용 차량 every day "
                                                                         "(unless official_vehicle_dates)"})
    official_vehicle_dates = fields.Raw(metadata={"description": "days a 공무용 차량 was used: 일비 halved "
                                                                "on those days only (제16조③)"})
    dedicated_vehicle = fields.Raw(metadata={"description": "전용 차량 배정자: nothing inside the duty area "
                                                           "(제18조① 단서)"})
    duty_area_paid_that_day = fields.Raw(metadata={"description": "KRW already paid for other duty-area "
                                                                 "trips that day (20,000 a day at most)"})
    duty_station = fields.Raw(metadata={"description": "근무지, for the 제18조② check of a 통합특별시"})
    side_trip_dates = fields.Raw(metadata={"description": "제17조②: days away from the long-stay place"})
    shared_lodging = fields.Raw(metadata={"description": '{"people": 2}: travelers who shared the lodging'})
    meals_provided = fields.Raw(metadata={"description": "meals provided; counted only with "
                                                        "MEAL_DEDUCTION=third_per_meal"})
    submitted_on = fields.Raw(metadata={"description": "YYYY-MM-DD the claim is handed in (deadlines)"})
    expenses = fields.Raw(metadata=_expense_doc())


class LodgingClaimSchema(Schema):
    night = Day(required=True, metadata={"description": "the night beginning on this date"})
    amount = fields.Integer(validate=ITEM_KRW)
    receipt_id = Id(metadata={"description": "a lodging bill among the trip's receipts"})
    justification = fields.String(validate=validate.Length(max=500))
    place = fields.String(validate=validate.Length(max=200),
                          metadata={"description": "where the night was spent; its class caps it (별표 2)"})


class FuelClaimSchema(Schema):
    # The range is checked by workflow.bounds (via the calculator) and documented here as numbers:
    # a marshmallow Range on a Decimal would be serialised into the document as strings.
    distance_km = fields.Decimal(required=True, metadata={
        "type": "number", "exclusiveMinimum": True, "minimum": 0,
        "maximum": int(bounds.MAX_DISTANCE_KM)})
    fuel_type = fields.String(required=True, validate=validate.OneOf(FUEL_TYPES))
    fuel_price = fields.Integer(required=True, validate=validate.Range(
        min=1, max=bounds.MAX_FUEL_PRICE_KRW), metadata={"description": "KRW per litre (electric: per kWh)"})
    reason = fields.String(validate=validate.Length(max=500),
                           metadata={"description": "why a car was unavoidable (별표 2 비고 제4호)"})
    replaced_fare = fields.Integer(validate=ITEM_KRW,
                                   metadata={"description": "the rail or bus fare the car replaces"})


class SharedLodgingSchema(Schema):
    people = fields.Integer(required=True, validate=validate.Range(min=2, max=50))


class SettleSchema(Schema):
    """Body of POST /trips/<id>/settle: what receipts cannot say (all optional)."""

    comment = fields.String(load_default="", validate=validate.Length(max=2000))
    version = Version()
    lodging = fields.List(fields.Nested(LodgingClaimSchema),
                          validate=validate.Length(max=bounds.MAX_LODGING_NIGHTS))
    relatives_nights = fields.List(Day(), validate=validate.Length(max=bounds.MAX_LODGING_NIGHTS))
    fuel = fields.Nested(FuelClaimSchema)
    tolls = fields.List(fields.Integer(validate=ITEM_KRW), validate=validate.Length(max=bounds.MAX_TOLLS))
    dedicated_vehicle = fields.Boolean(metadata={"description": "전용 차량 배정자 (제18조① 단서)"})
    official_vehicle_dates = fields.List(Day(), validate=validate.Length(max=bounds.MAX_LODGING_NIGHTS),
                                         metadata={"description": "days of a 공무용 차량 (제16조③)"})
    side_trip_dates = fields.List(Day(), validate=validate.Length(max=bounds.MAX_LODGING_NIGHTS),
                                  metadata={"description": "제17조②: days away from the long-stay place"})
    shared_lodging = fields.Nested(SharedLodgingSchema)
    meals_provided = fields.Integer(
        validate=validate.Range(min=0, max=1200),
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
    payment_date = Day(required=True)
    payment_reference = fields.String(required=True, validate=validate.Length(min=1, max=100))
