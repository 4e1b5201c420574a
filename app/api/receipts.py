"""Receipts: upload a photo/PDF (202, OCR in the background) or push an e-receipt (201); read,
download without metadata, correct, delete."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response, current_app, request
from flask.views import MethodView
from flask_jwt_extended import current_user
from flask_smorest import Blueprint
from marshmallow import Schema
from marshmallow import fields as ma
from marshmallow.validate import OneOf

from app.api.schemas import ProblemSchema
from app.auth import login_required, request_origin
from app.errors import ValidationFailed
from app.extensions import db
from app.services import receipts as svc
from app.api.trip_schemas import VISIBLE
from app.services.receipt_fields import MAX_KRW
from app.settings import current_settings
from ocr.fields import CATALOGUE, DOCUMENT_TYPES, ROTATIONS, Field, FieldType
from workflow.bounds import MAX_DISTANCE_KM
from workflow.receipt_states import ReceiptStatus, ReceiptTrust
from workflow.flags import LEVELS as FLAG_LEVELS

blp = Blueprint("receipts", __name__, url_prefix="/api/v1", description="Receipts and their OCR")

def _field_schema(field: Field) -> dict:
    """One catalogued receipt field as receipt_fields.clean_fields accepts it (null clears it)."""
    if field.type is FieldType.MONEY:
        return {"type": "integer", "minimum": 0, "maximum": MAX_KRW, "nullable": True}
    if field.type is FieldType.NUMBER:
        return {"type": "number", "minimum": 0, "maximum": int(MAX_DISTANCE_KM), "nullable": True}
    text = {"type": "string", "minLength": 1, "maxLength": 100, "nullable": True}
    if field.type is FieldType.DATE:
        text["format"] = "date"
    # Blank text is refused (it is stripped first): at least one visible character.
    text["pattern"] = field.pattern or VISIBLE
    return text


def _labelled(field: Field) -> dict:
    return {**_field_schema(field), "title": field.label}


# The closed field set of `python -m ocr --json`: any other name is a 422.
FIELD_PROPS = {"type": "object", "additionalProperties": False,
               "properties": {f.name: _labelled(f) for f in CATALOGUE},
               "description": "Field names of `python -m ocr --json` to values; money in whole won, "
                              "dates YYYY-MM-DD, times HH:MM; text without NUL or unpaired surrogates."}
UPLOAD_BODY = {"required": True, "content": {
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": "JPEG, PNG, WebP, HEIC or PDF (checked by content), at most 15 MB "
                                "and 40 megapixels."}}}},
    "application/json": {"schema": {"type": "object", "required": ["source", "document_type", "fields"],
                                    "additionalProperties": False, "properties": {
        "source": {"type": "string", "example": "korail", "pattern": "^[a-z0-9][a-z0-9_-]{0,29}$"},
        "document_type": {"type": "string", "enum": list(DOCUMENT_TYPES)},
        "fields": {**FIELD_PROPS, "minProperties": 1}}}}}}
SIGNATURE_PARAM = {"in": "header", "name": "X-Yeobi-Signature", "required": False,
                   "schema": {"type": "string"},
                   "description": "sha256=<hex HMAC-SHA256 of the raw JSON body with the source's "
                                  "secret>; valid -> trust 'verified', absent -> 'self_reported', "
                                  "wrong -> 422 and nothing stored."}


ROTATION_DOC = {"enum": list(ROTATIONS),
                "description": "Degrees clockwise that show the photo upright: the turn OCR read it at, or "
                               "the traveler's correction; GET /receipts/<id>/file?turn=<rotation> serves "
                               "it so turned (the stored file is never changed)."}


class FlagSchema(Schema):
    """One flag (workflow.flags.Flag); the words of `level` and `code` are in GET /vocabulary."""

    code = ma.String(required=True)
    message = ma.String(required=True)
    blocking = ma.Boolean(required=True)
    field = ma.String()
    level = ma.String(metadata={"enum": list(FLAG_LEVELS)})
    source = ma.String(metadata={"description": "the article or source of the rule"})
    receipt_id = ma.Integer(allow_none=True)


class CorrectionOutSchema(Schema):
    field = ma.String(required=True)
    old_value = ma.Raw(allow_none=True)
    new_value = ma.Raw(allow_none=True)
    user_id = ma.Integer(required=True)
    at = ma.DateTime(required=True)


class ReceiptSchema(Schema):
    """A receipt as the API shows it: effective fields are the corrections over the OCR values."""

    id = ma.Integer(required=True)
    trip_id = ma.Integer(required=True)
    status = ma.String(required=True, metadata={"enum": [s.value for s in ReceiptStatus]})
    source = ma.String(required=True)
    trust = ma.String(required=True, metadata={"enum": [t.value for t in ReceiptTrust]})
    document_type = ma.String(allow_none=True)
    effective = ma.Method("get_fields", data_key="fields", metadata={"type": "object"})
    ocr_fields = ma.Dict(allow_none=True)
    confidence = ma.Dict(attribute="ocr_confidence", allow_none=True)
    corrections = ma.List(ma.Nested(CorrectionOutSchema), attribute="corrections_log")
    flags = ma.List(ma.Nested(FlagSchema), required=True)
    filename = ma.String(allow_none=True)
    content_type = ma.String(allow_none=True)
    size_bytes = ma.Integer(allow_none=True)
    rotation = ma.Integer(required=True, metadata=ROTATION_DOC)
    created_at = ma.DateTime(required=True)
    processed_at = ma.DateTime(allow_none=True)
    error = ma.String(allow_none=True)

    def get_fields(self, receipt) -> dict:
        return receipt.effective_fields()


class ReceiptListSchema(Schema):
    items = ma.List(ma.Nested(ReceiptSchema), required=True)


class CorrectionInSchema(Schema):
    """Fields to correct, the turn that shows the photo upright, or both (at least one of them)."""

    fields = ma.Dict(keys=ma.String(), metadata={**FIELD_PROPS, "minProperties": 1})
    rotation = ma.Integer(strict=True, validate=OneOf(ROTATIONS), metadata=ROTATION_DOC)


def _errors(*codes: int):
    def decorator(fn):
        for code in codes:
            fn = blp.alt_response(code, schema=ProblemSchema, description="Problem details")(fn)
        return fn
    return decorator


@blp.route("/trips/<int:trip_id>/receipts")
class TripReceipts(MethodView):
    decorators = [login_required]

    @blp.response(200, ReceiptListSchema)
    @_errors(401, 404)
    def get(self, trip_id: int):
        """The receipts of a trip (404 if the trip is not yours to see)."""
        return {"items": svc.list_receipts(session=db.session, trip_id=trip_id, actor=current_user)}

    @blp.doc(requestBody=UPLOAD_BODY, parameters=[SIGNATURE_PARAM])
    @blp.response(202, ReceiptSchema, description="File stored; OCR queued")
    @blp.alt_response(201, schema=ReceiptSchema, description="E-receipt stored")
    @_errors(401, 403, 404, 409, 413, 415, 422, 507)
    def post(self, trip_id: int):
        """Attach a photo/PDF (multipart `file`, 202 queued) or a structured e-receipt (JSON, 201)."""
        if request.mimetype == "multipart/form-data":
            upload = request.files.get("file")
            if upload is None:
                raise ValidationFailed(errors={"file": ["Send the receipt as the multipart field 'file'."]})
            try:
                data = upload.stream.read(current_settings().max_upload_bytes + 1)
            finally:
                upload.close()  # a large part is spooled to a temp file: release it now
            receipt = svc.add_receipt_file(session=db.session, trip_id=trip_id, actor=current_user,
                                           data=data, filename=upload.filename,
                                           settings=current_settings())
            return receipt, 202
        receipt = svc.add_e_receipt(session=db.session, trip_id=trip_id, actor=current_user,
                                    body=request.get_data(cache=True),
                                    signature=request.headers.get("X-Yeobi-Signature"),
                                    secrets=current_app.config["ERECEIPT_SECRETS"],
                                    settings=current_settings())
        return receipt, 201


@blp.route("/receipts/<int:receipt_id>")
class ReceiptDetail(MethodView):
    decorators = [login_required]

    @blp.response(200, ReceiptSchema)
    @_errors(401, 404)
    def get(self, receipt_id: int):
        """One receipt: status, document type, fields with confidence, corrections, flags."""
        return svc.get_receipt(session=db.session, receipt_id=receipt_id, actor=current_user)

    @blp.arguments(CorrectionInSchema)
    @blp.response(200, ReceiptSchema)
    @_errors(401, 403, 404, 409, 422)
    def patch(self, body: dict, receipt_id: int):
        """The traveler corrects or confirms fields, or the photo's turn (`rotation`); OCR values are kept
        beside the corrections."""
        return svc.correct_receipt(session=db.session, receipt_id=receipt_id, actor=current_user,
                                   fields=body.get("fields"), rotation=body.get("rotation"),
                                   settings=current_settings())

    @blp.response(204)
    @_errors(401, 403, 404, 409)
    def delete(self, receipt_id: int):
        """Delete a receipt while its trip is not yet settled (the traveler only)."""
        svc.delete_receipt(session=db.session, receipt_id=receipt_id, actor=current_user,
                           settings=current_settings())
        return None


class FileQuerySchema(Schema):
    turn = ma.Integer(load_default=0, validate=OneOf(ROTATIONS), metadata={
        "enum": list(ROTATIONS), "description": "Degrees clockwise to turn a photo by (the receipt's "
                                                "`rotation` shows it upright); a PDF is never turned."})


@blp.route("/receipts/<int:receipt_id>/file")
@login_required
@blp.arguments(FileQuerySchema, location="query")
@blp.doc(responses={"200": {"description": "The original, images re-encoded without EXIF",
                            "content": {m: {"schema": {"type": "string", "format": "binary"}} for m in (
                                "image/jpeg", "image/png", "image/webp", "application/pdf")}}})
@_errors(401, 404, 422)
def receipt_file(query: dict, receipt_id: int):
    """The stored original (same access as the trip); photos come back without location EXIF,
    turned by `turn` when asked (the stored file is never changed)."""
    data, mimetype, filename = svc.receipt_file(session=db.session, receipt_id=receipt_id,
                                                actor=current_user, origin=request_origin(),
                                                settings=current_settings(), turn=query["turn"])
    resp = Response(data, mimetype=mimetype)
    # A PDF may carry JavaScript: it is downloaded, never shown inline from our origin; images are
    # shown, inside a sandbox that runs nothing.
    disposition = "attachment" if mimetype == "application/pdf" else "inline"
    resp.headers["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    resp.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Cache-Control"] = "private, max-age=300"
    return resp
