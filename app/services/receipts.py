"""Receipt use cases: attach a file or an e-receipt to a trip, read, correct, delete."""
from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import Conflict, Forbidden, InsufficientStorage, NotFound, ValidationFailed
from app.models import (AccessAction, AccessResource, OcrJob, Receipt, ReceiptCorrection, Trip,
                        User, now_seoul)
from app.services import ocr_jobs, storage
from app.services.access import load_trip, require_actor
from app.services.access_log import Origin, record_read
from app.services.receipt_checks import receipt_keys, refresh_flags, refresh_related
from app.services.receipt_fields import (DOCUMENT_TYPES, FIELD_NAMES, ROTATION_FIELD, clean_fields,
                                         clean_rotation)
from app.services.receipt_files import check_upload, public_copy
from app.settings import Settings
from workflow.receipt_states import E_RECEIPT_START, PENDING, UPLOAD_START, ReceiptTrust
from workflow.states import Actor, TripStatus

# Evidence can be added, corrected and removed until the trip goes to settlement.
OPEN_TRIP = (TripStatus.DRAFT.value, TripStatus.APPLIED.value, TripStatus.APPROVED.value)
SOURCE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,29}$")
SIGNATURE_RE = re.compile(r"^sha256=([0-9a-fA-F]{64})$")
E_RECEIPT_KEYS = {"source", "document_type", "fields"}


def _open_trip(session: Session, trip_id: int, actor: User) -> Trip:
    """The trip, if `actor` is its traveler and it still takes evidence."""
    trip = load_trip(session, trip_id, actor)
    require_actor(actor, trip, Actor.OWNER)
    if trip.status not in OPEN_TRIP:
        raise Conflict(f"Receipts can change only before settlement; this trip is '{trip.status}'.",
                       current_status=trip.status)
    return trip


def _safe_filename(filename: str | None) -> str | None:
    name = os.path.basename((filename or "").replace("\\", "/"))
    name = "".join(c for c in name if c.isprintable() and c not in '"<>')
    return name[-255:] or None


def add_receipt_file(*, session: Session, trip_id: int, actor: User, data: bytes,
                     filename: str | None, settings: Settings) -> Receipt:
    """Store an uploaded photo or PDF and queue it for OCR; the receipt in state 'queued'."""
    upload_dir = settings.upload_dir
    _open_trip(session, trip_id, actor)
    content_type = check_upload(data, max_bytes=settings.max_upload_bytes,
                                max_pixels=settings.max_upload_pixels)
    try:
        sha, created = storage.store_blob(upload_dir, data)  # on disk before any row names it
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        # store_blob removed its temp file; no row names the blob: nothing is left behind.
        raise InsufficientStorage("The server has no room to store the file now; nothing was "
                                  "saved. Try again later.") from None
    try:
        receipt = Receipt(trip_id=trip_id, uploader_id=actor.id, source="upload", trust=ReceiptTrust.OCR,
                          status=UPLOAD_START, sha256=sha, filename=_safe_filename(filename),
                          content_type=content_type, size_bytes=len(data))
        session.add(receipt)
        session.flush()
        job = ocr_jobs.new_job(session, receipt)
        refresh_flags(session, receipt, unsure_below=settings.unsure_below)
        session.commit()
    except Exception:
        session.rollback()
        if created:
            _discard_unused_blob(session, upload_dir, sha)
        raise
    ocr_jobs.dispatch(job.id)
    return receipt


def _discard_unused_blob(session: Session, upload_dir: str, sha: str) -> None:
    """Remove a blob no committed receipt names (`flask receipts gc` catches what this misses)."""
    if session.scalar(select(Receipt.id).where(Receipt.sha256 == sha).limit(1)) is None:
        storage.remove_blob(upload_dir, sha)
    session.rollback()


def _verify_signature(body: bytes, header: str | None, source: str, secrets: dict) -> bool:
    """True for a valid signature, False when there is none; 422 for a wrong one."""
    if header is None:
        return False
    match = SIGNATURE_RE.match(header.strip())
    secret = secrets.get(source)
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest() if secret else None
    if not match or expected is None or not hmac.compare_digest(expected, match.group(1).lower()):
        raise ValidationFailed(
            "The X-Yeobi-Signature does not match this body for this source; nothing was stored.",
            errors={"X-Yeobi-Signature": ["Expected sha256=<hex HMAC-SHA256 of the raw body with "
                                          "the source's secret>."]})
    return True


def _parse_e_receipt(body: bytes) -> dict:
    try:
        payload = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed("The body is not valid JSON.") from None
    if not isinstance(payload, dict):
        raise ValidationFailed(errors={"_schema": ["A JSON object with source, document_type and "
                                                   "fields."]})
    errors = {k: ["Unknown key."] for k in payload if k not in E_RECEIPT_KEYS}
    if not isinstance(payload.get("source"), str) or not SOURCE_RE.match(payload["source"]):
        errors["source"] = ["1-30 lowercase letters, digits, '-' or '_', e.g. korail."]
    if payload.get("document_type") not in DOCUMENT_TYPES:
        errors["document_type"] = [f"One of {', '.join(DOCUMENT_TYPES)}."]
    if not isinstance(payload.get("fields"), dict) or not payload["fields"]:
        errors["fields"] = ["An object of field names (as `python -m ocr --json`) to values."]
    if errors:
        raise ValidationFailed(errors=errors)
    return payload


def add_e_receipt(*, session: Session, trip_id: int, actor: User, body: bytes,
                  signature: str | None, secrets: dict[str, str], settings: Settings) -> Receipt:
    """A structured e-receipt: 'verified' with a valid signature, 'self_reported' without."""
    _open_trip(session, trip_id, actor)
    payload = _parse_e_receipt(body)
    fields = clean_fields(payload["fields"])
    verified = _verify_signature(body, signature, payload["source"], secrets)
    try:
        receipt = Receipt(
            trip_id=trip_id, uploader_id=actor.id, source=f"e_receipt:{payload['source']}",
            trust=ReceiptTrust.VERIFIED if verified else ReceiptTrust.SELF_REPORTED,
            status=E_RECEIPT_START,
            document_type=payload["document_type"], processed_at=now_seoul(), engine="e_receipt",
            ocr_fields={name: fields.get(name) for name in FIELD_NAMES},
            ocr_confidence={name: (1.0 if fields.get(name) is not None else 0.0) for name in FIELD_NAMES})
        session.add(receipt)
        session.flush()
        refresh_flags(session, receipt, unsure_below=settings.unsure_below)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return receipt


def get_receipt(*, session: Session, receipt_id: int, actor: User) -> Receipt:
    """One receipt, if `actor` may see its trip (else 404)."""
    receipt = session.get(Receipt, receipt_id)
    if receipt is None:
        raise NotFound(f"Receipt {receipt_id} not found.")
    try:
        load_trip(session, receipt.trip_id, actor)
    except NotFound:
        raise NotFound(f"Receipt {receipt_id} not found.") from None
    return receipt


def list_receipts(*, session: Session, trip_id: int, actor: User) -> list[Receipt]:
    """The receipts of a trip `actor` may see, oldest first."""
    load_trip(session, trip_id, actor)
    return list(session.scalars(select(Receipt).where(Receipt.trip_id == trip_id)
                                .order_by(Receipt.id)))


def receipt_file(*, session: Session, receipt_id: int, actor: User, origin: Origin,
                 settings: Settings, turn: int = 0) -> tuple[bytes, str, str]:
    """(bytes, mimetype, filename) of the stored original, images without metadata and turned `turn`
    degrees clockwise (the receipt's `rotation` shows it upright; the stored file never changes);
    another person's receipt is read into the access log first."""
    turn = clean_rotation(turn, location="turn")
    receipt = get_receipt(session=session, receipt_id=receipt_id, actor=actor)
    if receipt.sha256 is None:
        raise NotFound("This receipt is a structured e-receipt: it has no file.")
    try:
        data = storage.read_blob(settings.upload_dir, receipt.sha256)
    except FileNotFoundError:
        raise NotFound("The stored file is missing.") from None
    body, mimetype = public_copy(data, receipt.content_type or "application/octet-stream", turn=turn)
    filename = receipt.filename or f"receipt-{receipt.id}"
    if mimetype != receipt.content_type:  # HEIC is served as JPEG: say so in the name too
        filename = f"{os.path.splitext(filename)[0]}.jpg"
    if record_read(session=session, actor=actor, subject_id=session.get(Trip, receipt.trip_id)
                   .traveler_id, resource=AccessResource.RECEIPT, resource_id=receipt.id,
                   action=AccessAction.DOWNLOAD, origin=origin):
        session.commit()
    return body, mimetype, filename


def _owned_open(session: Session, receipt_id: int, actor: User) -> Receipt:
    receipt = get_receipt(session=session, receipt_id=receipt_id, actor=actor)
    trip = session.get(Trip, receipt.trip_id)
    if trip.traveler_id != actor.id:
        raise Forbidden("Only the traveler can change the receipts of their trip.")
    _open_trip(session, trip.id, actor)
    return receipt


def correct_receipt(*, session: Session, receipt_id: int, actor: User, fields: dict | None,
                    settings: Settings, rotation: int | None = None) -> Receipt:
    """The traveler corrects (or confirms) fields, or the turn that shows the photo upright; OCR values
    stay, each change is logged (the turn under ROTATION_FIELD; the file itself is never changed)."""
    try:
        receipt = _owned_open(session, receipt_id, actor)
        if receipt.status in PENDING:
            raise Conflict("OCR is still reading this receipt; correct it once it is done.")
        clean = clean_fields(fields) if fields is not None or rotation is None else {}
        if rotation is not None:
            clean_rotation(rotation)
            if receipt.sha256 is None:
                raise ValidationFailed(errors={"rotation": ["An e-receipt has no photo to turn."]})
        if not clean and rotation is None:
            raise ValidationFailed(errors={"fields": ["Give at least one field to correct."]})
        effective = receipt.effective_fields()
        for name, value in clean.items():
            session.add(ReceiptCorrection(receipt_id=receipt.id, user_id=actor.id, field=name,
                                          old_value=effective.get(name), new_value=value))
        if rotation is not None:
            session.add(ReceiptCorrection(receipt_id=receipt.id, user_id=actor.id, field=ROTATION_FIELD,
                                          old_value=receipt.rotation, new_value=rotation))
            receipt.rotation = rotation
        receipt.corrections = {**(receipt.corrections or {}), **clean}
        refresh_flags(session, receipt, unsure_below=settings.unsure_below, related=True)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return receipt


def delete_receipt(*, session: Session, receipt_id: int, actor: User, settings: Settings) -> None:
    """Remove a receipt before settlement; its file goes when no other receipt uses it."""
    try:
        receipt = _owned_open(session, receipt_id, actor)
        keys, sha = receipt_keys(receipt), receipt.sha256
        for job in session.scalars(select(OcrJob).where(OcrJob.receipt_id == receipt.id)):
            session.delete(job)
        session.delete(receipt)
        session.flush()
        refresh_related(session, keys, receipt_id, unsure_below=settings.unsure_below)
        session.commit()
    except Exception:
        session.rollback()
        raise
    if sha:
        _discard_unused_blob(session, settings.upload_dir, sha)


def collect_garbage(*, session: Session, upload_dir: str, min_age_s: float = 3600.0,
                    dry_run: bool = False) -> list[str]:
    """Remove stored files no receipt names (and stale temp files); the paths removed.

    Files younger than `min_age_s` are left alone: their upload may still be committing its row.
    """
    referenced = set(session.scalars(select(Receipt.sha256).where(Receipt.sha256.is_not(None))))
    session.rollback()
    removed = []
    for sha, path in storage.iter_blobs(upload_dir, older_than_s=min_age_s):
        if sha in referenced:
            continue
        if not dry_run:
            path.unlink(missing_ok=True)
        removed.append(str(path))
    return removed
