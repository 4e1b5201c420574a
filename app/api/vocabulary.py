"""GET /vocabulary: labels for statuses, actions, flags and receipt fields, from the registries."""
from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from app.services.vocabulary import vocabulary, vocabulary_etag
from app.settings import current_settings
from ocr.fields import DOCUMENT_TYPES, FieldType, Masking
from workflow.notices import APPROVERS, NOTICES, TRAVELER
from workflow.regions import CLASS_LABELS
from workflow.statement import ITEM_LABELS
from workflow.states import Action, Actor, TripStatus
from workflow.transport import TRANSPORT_LABELS

blp = Blueprint("vocabulary", __name__, url_prefix="/api/v1",
                description="The words clients show, generated from the server's registries")


class TripStatusWordSchema(Schema):
    label = fields.String(required=True, metadata={"description": "Korean label"})
    tone = fields.String(required=True, metadata={"description": "display tone",
                                                  "enum": ["neutral", "waiting", "good", "bad",
                                                           "muted", "done"]})
    terminal = fields.Boolean(required=True, metadata={"description": "nothing follows it"})


class TripActionWordSchema(Schema):
    label = fields.String(required=True, metadata={"description": "Korean label"})
    path = fields.String(required=True, allow_none=True,
                         metadata={"description": "name in allowed_actions and in POST "
                                                  "/trips/{id}/{path}; null when no client takes it "
                                                  "on one trip"})
    actor = fields.String(required=True, metadata={"enum": [a.value for a in Actor]})
    from_ = fields.List(fields.String(metadata={"enum": [s.value for s in TripStatus]}),
                        required=True, data_key="from", attribute="from",
                        metadata={"description": "statuses it may be taken from"})
    comment_required = fields.Boolean(required=True)
    done_message = fields.String(required=True, metadata={"description": "Korean notice after it"})


class ReceiptLabelSchema(Schema):
    label = fields.String(required=True)


class TransportWordSchema(Schema):
    label = fields.String(required=True)
    order = fields.Integer(required=True, metadata={"description": "position in the trip form's choices"})


class NotificationKindSchema(Schema):
    label = fields.String(required=True, metadata={"description": "Korean name of the kind"})
    audience = fields.String(required=True, metadata={"enum": [TRAVELER, APPROVERS]})


def _labels(codes, description: str) -> fields.Dict:
    return fields.Dict(keys=fields.String(metadata={"enum": list(codes)}),
                       values=fields.Nested(ReceiptLabelSchema), required=True,
                       metadata={"description": description})


class ReceiptFieldSchema(Schema):
    """One entry of the receipt-field catalogue (ocr/fields.py)."""

    name = fields.String(required=True)
    label = fields.String(required=True)
    type = fields.String(required=True, metadata={"enum": [t.value for t in FieldType]})
    unit = fields.String(required=True, allow_none=True)
    masking = fields.String(required=True, metadata={"enum": [m.value for m in Masking]})
    document_types = fields.List(fields.String(metadata={"enum": list(DOCUMENT_TYPES)}), required=True)


class VocabularySchema(Schema):
    class Meta:
        unknown = "include"

    trip_statuses = fields.Dict(keys=fields.String(metadata={"enum": [s.value for s in TripStatus]}),
                                values=fields.Nested(TripStatusWordSchema), required=True)
    trip_actions = fields.Dict(keys=fields.String(metadata={"enum": [a.value for a in Action]}),
                               values=fields.Nested(TripActionWordSchema), required=True)
    receipt_fields = fields.List(fields.Nested(ReceiptFieldSchema), required=True)
    document_types = fields.Dict(keys=fields.String(), values=fields.Nested(ReceiptLabelSchema),
                                 required=True)
    receipt_statuses = fields.Dict(keys=fields.String(), values=fields.Nested(ReceiptLabelSchema),
                                   required=True)
    ocr_job_statuses = fields.Dict(keys=fields.String(), values=fields.Nested(ReceiptLabelSchema),
                                   required=True)
    flag_levels = fields.Dict(keys=fields.String(), values=fields.Dict(), required=True,
                              metadata={"description": "blocking / review / info: {label}"})
    flags = fields.Dict(keys=fields.String(), values=fields.Dict(), required=True,
                        metadata={"description": "every flag code: {level, label}"})
    statement_items = _labels(ITEM_LABELS, "statement line kinds (line.item)")
    regions = _labels(CLASS_LABELS, "lodging-cap region classes (trip.region_class)")
    transports = fields.Dict(keys=fields.String(metadata={"enum": list(TRANSPORT_LABELS)}),
                             values=fields.Nested(TransportWordSchema), required=True,
                             metadata={"description": "ways of traveling (trip.transport)"})
    notification_kinds = fields.Dict(keys=fields.String(metadata={"enum": list(NOTICES)}),
                                     values=fields.Nested(NotificationKindSchema), required=True)
    unsure_below = fields.Float(required=True, metadata={
        "description": "an OCR confidence under this marks the value unsure"})
    approval_step_statuses = fields.Dict(
        keys=fields.String(), values=fields.String(), required=True,
        metadata={"description": "결재선 step status -> Korean label (waiting, pending, approved, ...)"})
    approval_marks = fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                                 metadata={"description": "대결 / 사후보고 marks -> Korean label"})


@blp.route("/vocabulary", methods=["GET"])
@blp.doc(security=[])
@blp.response(200, VocabularySchema)
@blp.alt_response(304, description="Not modified since the ETag the client holds")
def get_vocabulary():
    """Every label a client needs; public (no personal data), cacheable by ETag."""
    words = vocabulary(unsure_below=current_settings().unsure_below)
    tag = vocabulary_etag(words)
    headers = {"ETag": f'"{tag}"', "Cache-Control": "public, max-age=300"}
    if request.if_none_match.contains(tag):
        return "", 304, headers
    return words, 200, headers
