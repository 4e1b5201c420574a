"""No Korean receipt-field, document-type or receipt-status label is copied outside its registry.

The labels live in ocr/fields.py (fields, document types) and workflow/receipt_states.py (statuses,
trust); the web pages read them through app/web/format.py and the phone through GET /api/v1/vocabulary.
"""
from __future__ import annotations

import re
from pathlib import Path

from ocr.fields import CATALOGUE, DOCUMENT_LABELS
from workflow.receipt_states import RECEIPT_STATUS_LABELS, TRUST_LABELS

ROOT = Path(__file__).resolve().parents[2]
LABELS = ({f.label for f in CATALOGUE} | set(DOCUMENT_LABELS.values())
          | set(RECEIPT_STATUS_LABELS.values()) | set(TRUST_LABELS.values()))
# The spellings the old copies used, so a copy that drifted is caught too.
OLD_SPELLINGS = {"결제금액", "승인번호", "읽는 중", "카드 영수증"}
# The same word naming another concept: the trip's own origin and start time.
OTHER_CONCEPTS = {
    ("app/web/templates/web/trip.html", "출발지"),      # the trip's origin, not a ticket's
    ("app/mobile/static/js/screens/trips.js", "출발 시각"),  # the trip's start time
}


def _files() -> list[Path]:
    web = [*(ROOT / "app/web").rglob("*.py"), *(ROOT / "app/web/templates").rglob("*.html")]
    return [*web, *(ROOT / "app/templates").rglob("*.html"), *(ROOT / "app/mobile").rglob("*.js"),
            *(ROOT / "app/mobile").rglob("*.html")]


def test_receipt_labels_exist_only_in_the_catalogue_and_the_status_table():
    found = []
    for path in _files():
        text, rel = path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix()
        for label in LABELS | OLD_SPELLINGS:
            # A whole literal: quoted in code, or a whole element text in a template.
            if re.search(r"""["'`>]""" + re.escape(label) + r"""["'`<]""", text) \
                    and (rel, label) not in OTHER_CONCEPTS:
                found.append((rel, label))
    assert found == []


def test_the_scan_reads_the_places_that_used_to_hold_copies():
    names = {p.relative_to(ROOT).as_posix() for p in _files()}
    assert {"app/web/format.py", "app/mobile/static/js/ui.js",
            "app/mobile/static/js/screens/receipt.js", "app/web/templates/web/trip.html"} <= names
