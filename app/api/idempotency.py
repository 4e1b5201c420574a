"""Idempotency-Key on every API POST: a retry with the same key replays the first response."""
from __future__ import annotations

import hashlib
import re

from flask import Flask, Response, g, request
from flask_jwt_extended import get_jwt_identity, verify_jwt_in_request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.errors import problem
from app.extensions import db
from app.models import IdempotencyRecord

HEADER = "Idempotency-Key"
KEY_RE = re.compile(r"^[\w.:-]{1,200}$")


def _caller_id() -> int | None:
    try:
        verify_jwt_in_request(optional=True)
        identity = get_jwt_identity()
    except Exception:  # a bad token is the view's business to refuse
        return None
    return int(identity) if identity is not None else None


def _request_hash() -> str:
    digest = hashlib.sha256(f"{request.method} {request.full_path}\n".encode())
    if request.mimetype == "multipart/form-data":
        # Browsers pick a new random boundary on every send: hash the parts, not the raw bytes.
        for key, value in sorted(request.form.items(multi=True)):
            digest.update(f"field {key}={value}\n".encode())
        for key, upload in sorted(request.files.items(multi=True), key=lambda kv: kv[0]):
            content = hashlib.sha256(upload.stream.read()).hexdigest()
            upload.stream.seek(0)
            digest.update(f"file {key}:{upload.filename}:{content}\n".encode())
    else:
        digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def _replay(rec: IdempotencyRecord) -> Response:
    resp = Response(rec.response_body or "", status=rec.status_code,
                    content_type=rec.content_type or "application/json")
    resp.headers["Idempotent-Replayed"] = "true"
    return resp


def init_idempotency(app: Flask) -> None:
    """Install the before/after hooks for POST requests under /api/."""

    @app.before_request
    def _check_key():
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None or not request.path.startswith("/api/"):
            return None
        if not KEY_RE.match(key):
            return problem(400, "Bad request", "Idempotency-Key must be 1-200 letters, digits, "
                           "'.', ':', '_' or '-'.", type_slug="bad-idempotency-key")
        user_id = _caller_id()
        if user_id is None:
            return None
        req_hash = _request_hash()
        rec = db.session.scalar(select(IdempotencyRecord).where(
            IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key))
        if rec is None:
            rec = IdempotencyRecord(user_id=user_id, key=key, method=request.method,
                                    path=request.path, request_hash=req_hash)
            db.session.add(rec)
            try:
                db.session.commit()
            except IntegrityError:
                db.session.rollback()
                return problem(409, "Conflict", "A request with this Idempotency-Key is still "
                               "being processed; retry shortly.", type_slug="idempotency-in-progress")
            g.idempotency_record_id = rec.id
            return None
        if rec.request_hash != req_hash:
            return problem(422, "Validation failed", "This Idempotency-Key was used for a "
                           "different request.", type_slug="idempotency-key-reused")
        if rec.status_code is None:
            return problem(409, "Conflict", "A request with this Idempotency-Key is still being "
                           "processed; retry shortly.", type_slug="idempotency-in-progress")
        return _replay(rec)

    @app.after_request
    def _store_response(response: Response) -> Response:
        rec_id = g.pop("idempotency_record_id", None)
        if rec_id is None:
            return response
        db.session.rollback()  # whatever the view left uncommitted is not ours to keep
        rec = db.session.get(IdempotencyRecord, rec_id)
        if rec is not None:
            if response.status_code >= 500 or response.is_streamed:
                db.session.delete(rec)  # let the client retry a server failure
            else:
                rec.status_code = response.status_code
                rec.response_body = response.get_data(as_text=True)
                rec.content_type = response.content_type
            db.session.commit()
        return response
