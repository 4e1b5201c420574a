"""GET /destinations?q=부산: destination suggestions from the 시/군/구 table (workflow.regions)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from app.api.schemas import ProblemSchema
from app.auth import login_required
from workflow.regions import region_class, suggest_destinations

blp = Blueprint("destinations", __name__, url_prefix="/api/v1",
                description="Destination suggestions for the trip form")


class DestinationArgsSchema(Schema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=50),
                      metadata={"description": "What the traveler typed: 부산, 해운대, 세종..."})
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=20))


class DestinationSchema(Schema):
    name = fields.String(required=True, metadata={"example": "부산광역시 해운대구"})
    region_class = fields.String(required=True, validate=validate.OneOf(("seoul", "metro", "other")),
                                 metadata={"description": "lodging cap class (별표 2)"})


class DestinationListSchema(Schema):
    items = fields.List(fields.Nested(DestinationSchema), required=True)


@blp.route("/destinations", methods=["GET"])
@login_required
@blp.arguments(DestinationArgsSchema, location="query")
@blp.response(200, DestinationListSchema)
@blp.alt_response(401, schema=ProblemSchema, description="Not logged in")
@blp.alt_response(422, schema=ProblemSchema, description="q missing, empty or too long")
def destinations(args: dict):
    """Up to `limit` 시/도 and 시/군/구 names starting with `q`, each with its lodging region class."""
    names = suggest_destinations(args["q"], limit=args["limit"])
    return {"items": [{"name": n, "region_class": region_class(n)} for n in names]}
