"""Receipt and OCR-job statuses as tables, like the trip's machine; an illegal move raises.

A receipt follows its OCR job while it is read: claiming the job, reading it, failing it or retrying it
moves both, through `move()`. A file upload starts queued, an e-receipt starts done (nothing to read).
The stored values are the enum values (`queued`, `processing`, `done`, `failed`).
"""
from __future__ import annotations

from enum import StrEnum


class ReceiptStatus(StrEnum):
    """Where a receipt stands in upload -> read."""

    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


class OcrJobStatus(StrEnum):
    """Where an OCR job stands: waiting, claimed by a worker, finished."""

    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


class ReadingEvent(StrEnum):
    """Something that happens to a receipt's reading."""

    CLAIM = "claim"      # a worker takes the job
    READ = "read"        # the reader returned fields
    FAIL = "fail"        # unreadable input, or the last attempt failed
    RETRY = "retry"      # an attempt failed (or its worker died) and attempts are left


class ReceiptTrust(StrEnum):
    """Where a receipt's values come from."""

    OCR = "ocr"
    VERIFIED = "verified"              # an e-receipt with a valid signature of its source
    SELF_REPORTED = "self_reported"    # an e-receipt without one


R, J, E = ReceiptStatus, OcrJobStatus, ReadingEvent

RECEIPT_TRANSITIONS: dict[tuple[ReceiptStatus, ReadingEvent], ReceiptStatus] = {
    (R.QUEUED, E.CLAIM): R.PROCESSING,
    (R.PROCESSING, E.READ): R.DONE,
    (R.PROCESSING, E.FAIL): R.FAILED,
    (R.PROCESSING, E.RETRY): R.QUEUED,
}
OCR_JOB_TRANSITIONS: dict[tuple[OcrJobStatus, ReadingEvent], OcrJobStatus] = {
    (J.QUEUED, E.CLAIM): J.PROCESSING,
    (J.PROCESSING, E.READ): J.DONE,
    (J.PROCESSING, E.FAIL): J.FAILED,
    (J.PROCESSING, E.RETRY): J.QUEUED,
}
# One table per machine: the two enums share values, so one dict would mix their keys.
TRANSITIONS: dict[type, dict] = {ReceiptStatus: RECEIPT_TRANSITIONS, OcrJobStatus: OCR_JOB_TRANSITIONS}

UPLOAD_START = R.QUEUED
E_RECEIPT_START = R.DONE
PENDING = frozenset({R.QUEUED, R.PROCESSING})      # still being read: no corrections yet
TERMINAL = frozenset({R.DONE, R.FAILED})

RECEIPT_STATUS_LABELS: dict[ReceiptStatus, str] = {
    R.QUEUED: "인식 대기", R.PROCESSING: "인식 중", R.DONE: "인식 완료", R.FAILED: "인식 실패"}
OCR_JOB_STATUS_LABELS: dict[OcrJobStatus, str] = {
    J.QUEUED: "작업 대기", J.PROCESSING: "작업 중", J.DONE: "작업 완료", J.FAILED: "작업 실패"}
TRUST_LABELS: dict[ReceiptTrust, str] = {
    ReceiptTrust.OCR: "OCR 인식", ReceiptTrust.VERIFIED: "전자영수증(검증됨)",
    ReceiptTrust.SELF_REPORTED: "전자영수증(자가 신고)"}


class IllegalMove(Exception):
    """The event is not allowed from the current status."""

    def __init__(self, status: StrEnum, event: ReadingEvent) -> None:
        super().__init__(f"'{event}' is not allowed while the {type(status).__name__} is '{status}'")
        self.status = status
        self.event = event


def move(status: ReceiptStatus | OcrJobStatus, event: ReadingEvent):
    """The status after `event` (a ReceiptStatus or OcrJobStatus, like `status`); IllegalMove if none."""
    table = TRANSITIONS[type(status)]
    try:
        return table[(status, ReadingEvent(event))]
    except (KeyError, ValueError):
        raise IllegalMove(status, event) from None


def sources(machine: type, event: ReadingEvent) -> tuple:
    """The statuses of `machine` that `event` may leave (for conditional UPDATEs)."""
    return tuple(s for (s, e) in TRANSITIONS[machine] if e == event)
