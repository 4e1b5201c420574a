"""Helpers for the OCR tests: sample files and their expected fields (imported by name)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from ocr.model import TextLine


SAMPLES = Path(__file__).resolve().parents[3] / "sample_receipts"


def load_sample(name: str) -> tuple[bytes, dict]:
    """The bytes of a sample and its expectation."""
    path = SAMPLES / name
    return path.read_bytes(), json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def all_samples() -> list[str]:
    """Every sample file named in the manifest."""
    return json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))


def lines(*rows, conf: float = 0.9) -> list[TextLine]:
    """Recognised lines from (text, x, y) tuples, 40 px high and 30 px a character, read at `conf`."""
    return [TextLine(text, (x, y, x + 30 * len(text), y + 40), conf) for text, x, y in rows]


def card_slip_tail(page, items: tuple[tuple[str, str], ...] = ()) -> bytes:
    """PNG bytes of a slip drawn with sample_receipts/templates.py whose header is on `page`: its
    registration number and time, the items given, then 합계 and 카드결제 of 8,000."""
    page.row("사업자번호", "214-86-55017", 22)
    page.row("거래일시", "2025-03-14 12:05", 22)
    page.rule()
    for name, price in items:
        page.row(name, price, 24)
    if items:
        page.rule()
    page.row("합계", "8,000", 28, bold=True)
    page.row("카드결제", "8,000", 24)
    out = io.BytesIO()
    page.crop().save(out, format="PNG")
    return out.getvalue()
