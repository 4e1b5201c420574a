"""Every error in one place: problem+json (RFC 9457) for the API, HTML for the web pages."""
from __future__ import annotations

import logging

from flask import Flask, Response, json, render_template, request
from flask_jwt_extended.exceptions import JWTExtendedException
from jwt.exceptions import PyJWTError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from workflow.machine import CommentRequired, InvalidTransition

log = logging.getLogger("yeobi.errors")
PROBLEM_TYPE_BASE = "https://yeobi.example/problems/"


class AppError(Exception):
    """A refusal the caller can act on; subclasses fix the HTTP status and problem type."""

    status = 400
    type_slug = "bad-request"
    title = "Bad request"

    def __init__(self, detail: str = "", *, errors: dict | None = None, **extra: object) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors
        self.extra = extra


class NotFound(AppError):
    status, type_slug, title = 404, "not-found", "Not found"


class Forbidden(AppError):
    status, type_slug, title = 403, "forbidden", "Forbidden"


class Unauthorized(AppError):
    status, type_slug, title = 401, "unauthorized", "Authentication required"


class Conflict(AppError):
    status, type_slug, title = 409, "conflict", "Conflict"


class StaleState(Conflict):
    type_slug, title = "stale-state", "The trip changed since you loaded it"


class ValidationFailed(AppError):
    status, type_slug, title = 422, "validation-error", "Validation failed"


class PayloadTooLarge(AppError):
    status, type_slug, title = 413, "payload-too-large", "Payload too large"


class UnsupportedMediaType(AppError):
    status, type_slug, title = 415, "unsupported-media-type", "Unsupported media type"


class AccessLogUnavailable(AppError):
    """A read of personal data could not be recorded, so nothing of it was shown (제8조)."""

    status, type_slug, title = 503, "access-log-unavailable", "The read could not be recorded"


class InsufficientStorage(AppError):
    status, type_slug, title = 507, "insufficient-storage", "Insufficient storage"


def problem(status: int, title: str, detail: str = "", *, type_slug: str | None = None,
            errors: dict | None = None, **extra: object) -> Response:
    """Build an application/problem+json response."""
    body: dict = {
        "type": PROBLEM_TYPE_BASE + (type_slug or _slug(title)),
        "title": title,
        "status": status,
        "detail": detail or title,
        "instance": request.path if request else None,
    }
    if errors:
        body["errors"] = errors
    body.update({k: v for k, v in extra.items() if v is not None})
    resp = Response(json.dumps(body, ensure_ascii=False), status=status,
                    mimetype="application/problem+json")
    return resp


def _slug(title: str) -> str:
    return "-".join(title.lower().replace("'", "").split()) or "about:blank"


def _wants_html() -> bool:
    return request.path.startswith("/web") or (
        not request.path.startswith("/api")
        and "text/html" in request.headers.get("Accept", "")
    )


def _render(status: int, title: str, detail: str, errors: dict | None = None, **extra):
    if _wants_html():
        try:
            return render_template("error.html", status=status, title=title, detail=detail), status
        except Exception:  # template missing must never hide the original error
            log.exception("error page failed to render")
    slug = extra.pop("type_slug", None)
    return problem(status, title, detail, type_slug=slug, errors=errors, **extra)


def register_error_handlers(app: Flask) -> None:
    """Map exceptions to responses for the whole app."""

    @app.errorhandler(AppError)
    def _app_error(err: AppError):
        return _render(err.status, err.title, err.detail, err.errors,
                       type_slug=err.type_slug, **err.extra)

    @app.errorhandler(InvalidTransition)
    def _invalid_transition(err: InvalidTransition):
        return _render(409, "Action not allowed", str(err), type_slug="invalid-transition",
                       current_status=err.status.value)

    @app.errorhandler(CommentRequired)
    def _comment_required(err: CommentRequired):
        return _render(422, "Validation failed", str(err), {"comment": ["A comment is required."]},
                       type_slug="validation-error")

    @app.errorhandler(StaleDataError)
    def _stale(err: StaleDataError):
        return _render(409, StaleState.title, "Someone else changed this trip first; reload it.",
                       type_slug=StaleState.type_slug)

    @app.errorhandler(IntegrityError)
    def _integrity(err: IntegrityError):
        # A unique or foreign-key rule caught a concurrent or duplicate write; nothing was saved.
        log.warning("integrity error: %s", type(err.orig).__name__)
        from app.extensions import db

        db.session.rollback()
        return _render(409, "Conflict", "This conflicts with data saved at the same moment; "
                       "reload and try again.", type_slug="conflict")

    @app.errorhandler(JWTExtendedException)
    def _jwt_error(err: JWTExtendedException):
        return _render(401, "Authentication required", str(err), type_slug="unauthorized")

    @app.errorhandler(PyJWTError)
    def _pyjwt_error(err: PyJWTError):
        return _render(401, "Authentication required", "The token is invalid or expired.",
                       type_slug="unauthorized")

    @app.errorhandler(HTTPException)
    def _http_error(err: HTTPException):
        return http_exception_response(err)

    @app.errorhandler(Exception)
    def _unexpected(err: Exception):
        log.exception("unhandled error")
        return _render(500, "Internal server error",
                       "Something went wrong on our side; reload to see what was saved before "
                       "trying again.")


def http_exception_response(err: HTTPException):
    """Turn a werkzeug/flask-smorest HTTP error into our format."""
    data = getattr(err, "data", None) or {}
    errors = data.get("messages") or data.get("errors")
    if isinstance(errors, dict) and len(errors) == 1 and next(iter(errors)) in (
        "json", "query", "form", "files", "headers", "path"
    ):
        errors = next(iter(errors.values()))  # flatten {"json": {...}} from flask-smorest
    status = err.code or 500
    title = {
        404: "Not found", 405: "Method not allowed", 413: "Payload too large",
        415: "Unsupported media type", 422: "Validation failed", 429: "Too many requests",
        400: "Bad request", 401: "Authentication required", 403: "Forbidden", 409: "Conflict",
    }.get(status, err.name)
    detail = err.description or title
    if status == 422 and errors:
        detail = "Some fields are missing or invalid; see errors."
    if status == 413:
        detail = "The upload is larger than the limit."
    resp = _render(status, title, detail, errors if isinstance(errors, dict) else None)
    if status == 405 and isinstance(resp, Response) and getattr(err, "valid_methods", None):
        resp.headers["Allow"] = ", ".join(err.valid_methods)
    if status == 429 and isinstance(resp, Response):
        resp.headers["Retry-After"] = "60"
    return resp
