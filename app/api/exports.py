"""Finance export: batches of settled statements, as JSON or streamed CSV, confirmed when paid."""
from __future__ import annotations

from flask import Response, g, jsonify, stream_with_context
from flask_jwt_extended import current_user
from flask_smorest import Blueprint

from app.api.schemas import PageArgsSchema, ProblemSchema, page_meta
from app.api.settlement_schemas import (
    ConfirmSchema, EmptyExportSchema, ExportArgsSchema, ExportBatchSchema, ExportDetailSchema,
    ExportPageSchema,
)
from app.auth import request_origin, roles_required
from app.extensions import db
from app.services import exports as svc
from app.settings import current_settings

blp = Blueprint("exports", __name__, url_prefix="/api/v1/exports",
                description="Finance export of settled statements (finance)")


@blp.route("", methods=["POST"])
@roles_required("finance")
@blp.response(201, ExportBatchSchema, description="A new batch of every unexported settled statement")
@blp.alt_response(200, schema=EmptyExportSchema, description="Nothing to export; no batch created")
@blp.alt_response(403, schema=ProblemSchema, description="Finance only")
def create_export():
    """Batch every settled statement not yet exported; an empty export creates nothing (200)."""
    batch = svc.create_batch(session=db.session, actor=current_user)
    if batch is None:  # a Response passes flask-smorest untouched: the 201 schema does not apply
        return jsonify(EmptyExportSchema().dump({"item_count": 0, "total": 0, "message":
                                                 "Nothing to export: every settled statement is "
                                                 "already in a batch."}))
    return batch


@blp.route("", methods=["GET"])
@roles_required("finance", "admin")
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, ExportPageSchema)
@blp.alt_response(403, schema=ProblemSchema, description="Finance or admin only")
def list_exports(args: dict):
    """Batches, newest first, with their counts and totals."""
    items, total = svc.list_batches(session=db.session, actor=current_user, page=args["page"],
                                    per_page=args["per_page"])
    return {"items": items, "meta": page_meta(args["page"], args["per_page"], total)}


# The whole 200 content (flask-smorest replaces it): the JSON page and the CSV.
_CSV = {"200": {"description": "JSON with a page of rows; ?format=csv all rows", "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/ExportDetail"}},
    "text/csv": {"schema": {"type": "string"}}}}}


@blp.route("/<int:batch_id>", methods=["GET"])
@roles_required("finance", "admin")
@blp.arguments(ExportArgsSchema, location="query")
@blp.response(200, ExportDetailSchema, description="JSON with a page of rows; ?format=csv all rows")
@blp.alt_response(403, schema=ProblemSchema, description="Finance or admin only")
@blp.alt_response(404, schema=ProblemSchema, description="No such batch")
@blp.alt_response(422, schema=ProblemSchema, description="No reason (사유) given for the download")
@blp.doc(responses=_CSV)
def get_export(args: dict, batch_id: int):
    """One batch; ?format=csv streams every row as UTF-8 CSV with a BOM (spreadsheet-ready).

    Personal data: `reason` (사유) is required, and every traveler whose row is read is recorded
    in the access log with it before any row is sent.
    """
    origin = request_origin(args["reason"])
    if args["format"] == "csv":
        batch = svc.open_batch_csv(session=db.session, batch_id=batch_id, actor=current_user,
                                   origin=origin)
        rows = stream_with_context(svc.csv_rows(session=db.session, batch=batch))
        return Response(rows, mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="yeobi-export-{batch.id}.csv"'})
    page, per_page = args["page"], args["per_page"]
    batch, items = svc.read_batch(session=db.session, batch_id=batch_id, actor=current_user,
                                  origin=origin, page=page, per_page=per_page)
    fields = {name: getattr(batch, name) for name in ExportBatchSchema().fields}
    return {**fields, "items": items,
            "meta": page_meta(page, per_page, batch.item_count if batch.status != "cancelled" else 0)}


@blp.route("/<int:batch_id>/confirm", methods=["POST"])
@roles_required("finance")
@blp.arguments(ConfirmSchema)
@blp.response(200, ExportBatchSchema)
@blp.alt_response(403, schema=ProblemSchema, description="Finance only")
@blp.alt_response(404, schema=ProblemSchema, description="No such batch")
@blp.alt_response(409, schema=ProblemSchema, description="Cancelled, or confirmed with other values")
def confirm_export(body: dict, batch_id: int):
    """Record the payment: every trip of the batch becomes paid (an audit row each); repeatable."""
    return svc.confirm_batch(session=db.session, batch_id=batch_id, actor=current_user,
                             payment_date=body["payment_date"],
                             payment_reference=body["payment_reference"],
                             request_id=getattr(g, "request_id", ""), settings=current_settings())


@blp.route("/<int:batch_id>/cancel", methods=["POST"])
@roles_required("finance")
@blp.response(200, ExportBatchSchema)
@blp.alt_response(403, schema=ProblemSchema, description="Finance only")
@blp.alt_response(404, schema=ProblemSchema, description="No such batch")
@blp.alt_response(409, schema=ProblemSchema, description="Already confirmed")
def cancel_export(batch_id: int):
    """Cancel an unconfirmed batch; its statements go into the next batch."""
    return svc.cancel_batch(session=db.session, batch_id=batch_id, actor=current_user)
