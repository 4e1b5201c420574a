"""GET /healthz (process up) and /readyz (database reachable)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import text

from app.errors import AppError
from app.extensions import db

blp = Blueprint("health", __name__, url_prefix="", description="Health checks")


class HealthSchema(Schema):
    status = fields.String(required=True)


class NotReady(AppError):
    status, type_slug, title = 503, "not-ready", "Service not ready"


@blp.route("/healthz", methods=["GET"])
@blp.response(200, HealthSchema)
@blp.doc(security=[])
def healthz():
    """The process is up."""
    return {"status": "ok"}


@blp.route("/readyz", methods=["GET"])
@blp.response(200, HealthSchema)
@blp.doc(security=[])
def readyz():
    """The database answers; 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means not ready
        db.session.rollback()
        raise NotReady(f"Database unreachable: {type(exc).__name__}") from None
    return {"status": "ready"}
