"""Trips: create, list, read, edit drafts, and the workflow actions (never a writable status).

Action routes, generated from workflow/trip_registry.py (settle lives in app/api/settlements.py):
POST /api/v1/trips/<id>/apply, /approve, /reject, /return, /cancel, /accept-settlement,
/return-settlement.
"""
from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_jwt_extended import current_user
from flask_smorest import Blueprint

from app.api.schemas import page_meta
from app.api.trip_schemas import (
    ActionSchema,
    CommentedActionSchema,
    EventListSchema,
    TripCreateSchema,
    TripListArgsSchema,
    TripPageSchema,
    TripSchema,
    TripUpdateSchema,
)
from app.auth import login_required, request_origin
from app.extensions import db
from app.settings import current_settings
from app.services import trips as svc
from app.services.trip_view import with_allowed_actions
from workflow.trip_registry import ActionInfo, generic_routes

blp = Blueprint("trips", __name__, url_prefix="/api/v1/trips", description="Trips and their workflow")


@blp.route("")
class Trips(MethodView):
    decorators = [login_required]

    @blp.arguments(TripListArgsSchema, location="query")
    @blp.response(200, TripPageSchema)
    def get(self, args: dict):
        """Trips the caller may see: their own; their units' for approvers; settled ones for finance."""
        filters = svc.TripFilter(status=tuple(args.get("status") or ()),
                                 date_from=args.get("date_from"), date_to=args.get("date_to"),
                                 traveler_id=args.get("traveler_id"), unit_id=args.get("unit_id"))
        items, total = svc.list_trips(session=db.session, actor=current_user, filters=filters,
                                      page=args["page"], per_page=args["per_page"])
        return {"items": [with_allowed_actions(t, current_user) for t in items],
                "meta": page_meta(args["page"], args["per_page"], total)}

    @blp.arguments(TripCreateSchema)
    @blp.response(201, TripSchema)
    def post(self, body: dict):
        """Create a draft trip in the caller's unit."""
        trip = svc.create_trip(session=db.session, actor=current_user, data=body)
        return with_allowed_actions(trip, current_user)


@blp.route("/<int:trip_id>")
class TripDetail(MethodView):
    decorators = [login_required]

    @blp.response(200, TripSchema)
    def get(self, trip_id: int):
        """One trip (404 if it is not yours to see)."""
        trip = svc.get_trip(session=db.session, trip_id=trip_id, actor=current_user,
                            origin=request_origin())
        return with_allowed_actions(trip, current_user)

    @blp.arguments(TripUpdateSchema)
    @blp.response(200, TripSchema)
    def patch(self, body: dict, trip_id: int):
        """Edit a draft (the traveler only; status is not a field)."""
        version = body.pop("version", None)
        trip = svc.update_trip(session=db.session, trip_id=trip_id, actor=current_user, data=body,
                               expected_version=version)
        return with_allowed_actions(trip, current_user)


def _action_view(info: ActionInfo):
    def view(body: dict, trip_id: int):
        trip = svc.transition(session=db.session, trip_id=trip_id, actor=current_user,
                              action=info.code, comment=body.get("comment", ""),
                              request_id=getattr(g, "request_id", ""),
                              expected_version=body.get("version"), settings=current_settings())
        return with_allowed_actions(trip, current_user)

    view.__doc__ = info.doc
    view.__name__ = f"trip_{info.code.value}"
    return view


def _register(info: ActionInfo) -> None:
    """POST /<trip_id>/<path> for one registry action (body: version, and a comment if required)."""
    view = blp.response(200, TripSchema)(_action_view(info))
    schema = CommentedActionSchema() if info.comment_required else ActionSchema()
    view = blp.arguments(schema, required=info.comment_required)(view)
    blp.route(f"/<int:trip_id>/{info.path}", methods=["POST"],
              endpoint=f"trip_{info.path}")(login_required(view))


# The routes below: one per generic action of workflow/trip_registry.py (tests check this list).
ACTION_PATHS = ("/<trip_id>/apply", "/<trip_id>/approve", "/<trip_id>/reject", "/<trip_id>/return",
                "/<trip_id>/cancel", "/<trip_id>/accept-settlement", "/<trip_id>/return-settlement")
for _info in generic_routes():
    _register(_info)


@blp.route("/<int:trip_id>/events")
class TripEvents(MethodView):
    decorators = [login_required]

    @blp.response(200, EventListSchema)
    def get(self, trip_id: int):
        """The trip's audit trail, oldest first, with each row's chained hash."""
        return {"items": svc.trip_events(session=db.session, trip_id=trip_id, actor=current_user)}
