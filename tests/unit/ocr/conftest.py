"""Fixtures shared by the OCR tests."""

from __future__ import annotations

import pytest

from tests.unit.ocr.ocr_samples import SAMPLES


@pytest.fixture()
def templates(monkeypatch):
    """The sample generator's drawing helpers (sample_receipts/templates.py)."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import templates as module
    return module
