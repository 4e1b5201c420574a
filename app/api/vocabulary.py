"""GET /vocabulary: labels for statuses, actions, flags and receipt fields, from the registries."""
from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from app.services.vocabulary import vocabulary, vocabulary_etag

blp = Blueprint("vocabulary", __name__, url_prefix="/api/v1",
                description="The words clients show, generated from the server's registries")


class VocabularySchema(Schema):
    class Meta:
        unknown = "include"

    trip_statuses = fields.Dict(keys=fields.String(), values=fields.Dict(), required=True)
    trip_actions = fields.Dict(keys=fields.String(), values=fields.Dict(), required=True)
    flag_levels = fields.Dict(keys=fields.String(), values=fields.Dict(), required=True,
                              metadata={"description": "blocking / review / info: {label}"})
    flags = fields.Dict(keys=fields.String(), values=fields.Dict(), required=True,
                        metadata={"description": "every flag code: {level, label}"})
    unsure_below = fields.Float(required=True, metadata={
        "description": "an OCR confidence under this marks the value unsure"})


@blp.route("/vocabulary", methods=["GET"])
@blp.doc(security=[])
@blp.response(200, VocabularySchema)
@blp.alt_response(304, description="Not modified since the ETag the client holds")
def get_vocabulary():
    """Every label a client needs; public (no personal data), cacheable by ETag."""
    tag = vocabulary_etag()
    headers = {"ETag": f'"{tag}"', "Cache-Control": "public, max-age=300"}
    if request.if_none_match.contains(tag):
        return "", 304, headers
    return vocabulary(), 200, headers
