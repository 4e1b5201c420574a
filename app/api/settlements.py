"""Settlement: the calculator preview, settling a trip, and its statement as JSON, HTML or PDF."""
from __future__ import annotations

from flask import Response, g, render_template
from flask_jwt_extended import current_user
from flask_smorest import Blueprint

from app.api.schemas import ProblemSchema
from app.api.settlement_schemas import (
    PreviewSchema, SettleSchema, StatementArgsSchema, StatementSchema,
)
from app.api.statement_pdf import ITEM_LABELS, REGION_LABELS, STATUS_LABELS, render_pdf
from app.api.trip_schemas import TripSchema
from app.auth import login_required, request_origin
from app.extensions import db
from app.services import approval_view
from app.services import settlement as svc
from app.services.access_log import FORMAT_ACTIONS
from app.services.trip_view import with_allowed_actions
from app.settings import current_settings

blp = Blueprint("settlements", __name__, url_prefix="/api/v1",
                description="Settlement: statements under the 공무원 여비 규정")


@blp.route("/settlements/preview", methods=["POST"])
@login_required
@blp.arguments(PreviewSchema)
@blp.response(200, StatementSchema)
@blp.alt_response(422, schema=ProblemSchema, description="The body cannot be computed; errors per field")
def preview(body: dict):
    """Compute a statement for any trip body (workflow.allowances format); nothing is saved."""
    return svc.preview_statement(body=body, meal_deduction=current_settings().meal_deduction)


@blp.route("/trips/<int:trip_id>/settle", methods=["POST"])
@login_required
@blp.arguments(SettleSchema, required=False)
@blp.response(200, TripSchema)
@blp.alt_response(403, schema=ProblemSchema, description="Only the traveler settles their trip")
@blp.alt_response(404, schema=ProblemSchema, description="No such trip visible to the caller")
@blp.alt_response(409, schema=ProblemSchema,
                  description="Not approved, receipts still being read, or a stale version")
@blp.alt_response(422, schema=ProblemSchema, description="Bad lodging, fuel or receipt values")
def settle(body: dict, trip_id: int):
    """Build the statement from the trip's receipts and the body; settle, or send to review."""
    body = dict(body or {})
    comment, version = body.pop("comment", ""), body.pop("version", None)
    trip = svc.settle_trip(session=db.session, trip_id=trip_id, actor=current_user, data=body,
                           comment=comment, expected_version=version,
                           request_id=getattr(g, "request_id", ""), settings=current_settings())
    return with_allowed_actions(trip, current_user)


@blp.route("/trips/<int:trip_id>/settlement-preview", methods=["POST"])
@login_required
@blp.arguments(SettleSchema, required=False)
@blp.response(200, StatementSchema, description="What settling with this body would store now")
@blp.alt_response(403, schema=ProblemSchema, description="Only the traveler settles their trip")
@blp.alt_response(404, schema=ProblemSchema, description="No such trip visible to the caller")
@blp.alt_response(409, schema=ProblemSchema, description="Not approved, or receipts still being read")
@blp.alt_response(422, schema=ProblemSchema, description="Bad lodging, fuel or receipt values")
def settle_preview(body: dict, trip_id: int):
    """The statement `settle` would store, from the trip's receipts and the same body; nothing saved."""
    data = {k: v for k, v in (body or {}).items() if k not in ("comment", "version")}
    return svc.preview_trip_settlement(session=db.session, trip_id=trip_id, actor=current_user,
                                       data=data, meal_deduction=current_settings().meal_deduction)


_PRINTABLE = {"200": {"description": "JSON; ?format=html printable page; ?format=pdf", "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/Statement"}},
    "text/html": {"schema": {"type": "string"}},
    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
}}}


@blp.route("/trips/<int:trip_id>/statement", methods=["GET"])
@login_required
@blp.arguments(StatementArgsSchema, location="query")
@blp.response(200, StatementSchema, description="JSON; ?format=html printable page; ?format=pdf")
@blp.alt_response(404, schema=ProblemSchema, description="No such trip, or no statement yet")
@blp.alt_response(503, schema=ProblemSchema, description="PDF asked for but the Korean font is missing")
@blp.doc(responses=_PRINTABLE)
def statement(args: dict, trip_id: int):
    """The trip's statement: the traveler, the unit's approver, finance once settled."""
    trip, row = svc.get_statement(session=db.session, trip_id=trip_id, actor=current_user,
                                  origin=request_origin(), action=FORMAT_ACTIONS[args["format"]])
    view = svc.statement_view(row)
    if args["format"] == "json":
        return view
    line = approval_view.line_view(db.session, trip)  # issue 15: who decided, 대결 marked
    signed = [approval_view.signature(st) for st in line["approval_steps"] + line["settlement_steps"]]
    if args["format"] == "html":
        html = render_template("statement.html", s=view, trip=trip, labels=ITEM_LABELS,
                               statuses=STATUS_LABELS, regions=REGION_LABELS, signed=signed)
        # Only the inline style runs: no script, no remote fetch (the page shows traveler text).
        return Response(html, mimetype="text/html", headers={
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
            "Cache-Control": "no-store"})
    pdf = render_pdf(view, trip, signed=signed)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="statement-{trip_id}.pdf"',
        "Cache-Control": "no-store"})
