"""Helpers for the OCR tests: sample files and their expected fields (imported by name)."""

from __future__ import annotations

import json
from pathlib import Path


SAMPLES = Path(__file__).resolve().parents[3] / "sample_receipts"


def load_sample(name: str) -> tuple[bytes, dict]:
    """The bytes of a sample and its expectation."""
    path = SAMPLES / name
    return path.read_bytes(), json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def all_samples() -> list[str]:
    """Every sample file named in the manifest."""
    return json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
