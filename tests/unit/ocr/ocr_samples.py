"""Helpers for the OCR tests: sample files and their expected fields (imported by name)."""

from __future__ import annotations

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
