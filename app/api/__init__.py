"""The JSON API under /api/v1, documented by flask-smorest from marshmallow schemas."""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_smorest import Api

from app.api import (absences, admin, approval_policy, auth, destinations, exports, health,
                     notifications, receipts, settlements, stats, trips, vocabulary)
from app.api.idempotency import init_idempotency
from app.api.schemas import ProblemSchema
from app.errors import http_exception_response, problem

# In this order in the OpenAPI document; a new API module is imported above and added here.
BLUEPRINTS = (auth.blp, health.blp, admin.blp, trips.blp, receipts.blp, settlements.blp, exports.blp,
              stats.blp, destinations.blp, vocabulary.blp, notifications.blp, approval_policy.blp,
              absences.blp)


class YeobiApi(Api):
    """flask-smorest Api whose errors are problem+json and documented as such."""

    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = "DEFAULT_ERROR"

    def handle_http_exception(self, error):
        return http_exception_response(error)


def register_api(app: Flask) -> YeobiApi:
    """Create the Api object for this app and register every blueprint of BLUEPRINTS."""
    api = YeobiApi(app, spec_kwargs={
        "info": {"description": "여비 (Yeobi): apply, approve and settle business trips. Every "
                            "text, anywhere, is refused with 422 if it contains NUL or an unpaired "
                            "surrogate; JSON bodies are at most 1 MB and 32 levels deep."},
        "components": {"securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
        "security": [{"bearer": []}],
    })
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    _document_problems(api)
    _refuse_unknown_bodies(app)
    init_idempotency(app)

    @app.get("/api/v1/docs")
    def api_docs():
        """A browsable page generated from the OpenAPI document (no CDN needed)."""
        return render_template("api_docs.html", spec=api.spec.to_dict())

    app.extensions["yeobi_api"] = api
    return api


PROBLEM_MEDIA = "application/problem+json"


def _as_problem(response: dict) -> None:
    content = response.get("content") or {}
    if "application/json" in content and PROBLEM_MEDIA not in content:
        content[PROBLEM_MEDIA] = content.pop("application/json")


def _document_problems(api: YeobiApi) -> None:
    """Errors are application/problem+json (app/errors.py): say so for every 4xx/5xx and default."""
    for response in api.spec.components.responses.values():
        _as_problem(response)
    for operations in api.spec._paths.values():  # apispec keeps paths here until to_dict()
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for code, response in (operation.get("responses") or {}).items():
                if isinstance(response, dict) and (code == "default" or str(code)[0] in "45"):
                    _as_problem(response)


ACCEPTED_BODIES = ("application/json", "multipart/form-data", "application/x-www-form-urlencoded")


def _refuse_unknown_bodies(app: Flask) -> None:
    """415 for an API body that is neither JSON nor a form upload (checked before parsing)."""

    @app.before_request
    def _check_content_type():
        if not request.path.startswith("/api/") or request.method not in ("POST", "PUT", "PATCH"):
            return None
        has_body = (request.content_length or 0) > 0 or request.headers.get("Transfer-Encoding")
        if has_body and request.mimetype not in ACCEPTED_BODIES:
            return problem(415, "Unsupported media type",
                           f"Send application/json or multipart/form-data, not "
                           f"{request.mimetype or 'an untyped body'}.",
                           type_slug="unsupported-media-type")
        return None
