"""The words every client shows, built from the registries; served at GET /api/v1/vocabulary.

Each registry contributes one section (a dict of top-level keys); nothing here keeps a label itself.
"""
from __future__ import annotations

import hashlib
import json

from ocr.fields import CATALOGUE, DOCUMENT_LABELS
from workflow import approval_line, flags
from workflow.notices import NOTICES
from workflow.receipt_states import OCR_JOB_STATUS_LABELS, RECEIPT_STATUS_LABELS
from workflow.regions import CLASS_LABELS
from workflow.statement import ITEM_LABELS
from workflow.transport import TRANSPORT_LABELS
from workflow.trip_registry import ACTIONS, STATUSES


def _trip_section() -> dict:
    statuses = {s.value: {"label": i.label, "tone": i.tone, "terminal": i.terminal}
                for s, i in STATUSES.items()}
    actions = {a.value: {"label": i.label, "path": i.path, "actor": i.actor.value,
                         "from": [s.value for s in i.from_statuses],
                         "comment_required": i.comment_required, "done_message": i.done_message}
               for a, i in ACTIONS.items()}
    return {"trip_statuses": statuses, "trip_actions": actions}


def _receipt_section() -> dict:
    """The receipt-field catalogue (ocr/fields.py) and the receipt / OCR-job statuses."""
    return {
        "receipt_fields": [f.as_dict() for f in CATALOGUE],
        "document_types": {d.value: {"label": label} for d, label in DOCUMENT_LABELS.items()},
        "receipt_statuses": {s.value: {"label": label} for s, label in RECEIPT_STATUS_LABELS.items()},
        "ocr_job_statuses": {s.value: {"label": label} for s, label in OCR_JOB_STATUS_LABELS.items()},
    }


def _statement_section() -> dict:
    """Statement line kinds, lodging-cap regions and transport modes (workflow/statement.py, ...)."""
    def labelled(table: dict) -> dict:
        return {code: {"label": label} for code, label in table.items()}
    # JSON objects reach the client with sorted keys: `order` keeps the form's choices in table order.
    transports = {code: {"label": label, "order": i}
                  for i, (code, label) in enumerate(TRANSPORT_LABELS.items())}
    return {"statement_items": labelled(ITEM_LABELS), "regions": labelled(CLASS_LABELS),
            "transports": transports}


def _approval_section() -> dict:
    # Issue 15: the 결재선's step statuses and the 대결 / 사후보고 marks.
    return {"approval_step_statuses": dict(approval_line.STEP_STATUSES),
            "approval_marks": dict(approval_line.MARKS)}


def _notice_section() -> dict:
    """The kinds of notification (workflow/notices.py): a short label and who receives it."""
    return {"notification_kinds": {kind: {"label": n.label, "audience": n.audience}
                                   for kind, n in NOTICES.items()}}


SECTIONS = (_trip_section, _receipt_section, _statement_section, _notice_section, _approval_section)


def vocabulary(*, unsure_below: float) -> dict:
    """Every section merged into one JSON-ready dictionary, with the flags and the unsure threshold.

    `unsure_below` is the threshold the deployment set (LOW_CONFIDENCE_THRESHOLD), so the phone marks
    what the server flags.
    """
    out: dict = flags.vocabulary_section(unsure_below)
    for section in SECTIONS:
        out.update(section())
    return out


def vocabulary_etag(words: dict) -> str:
    """A strong ETag over the canonical JSON of `words`, so clients revalidate cheaply."""
    body = json.dumps(words, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]
