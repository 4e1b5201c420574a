"""OCR engines behind one Protocol, chosen by name or by the OCR_ENGINE setting."""

from __future__ import annotations

import os
from typing import Protocol

import numpy as np

from ocr.errors import OcrEngineError
from ocr.model import TextLine


class OcrEngine(Protocol):
    """Reads an upright-ish BGR page and returns its text lines with boxes."""

    name: str

    def read(self, image: np.ndarray) -> list[TextLine]:
        """Text lines of the page, top to bottom."""
        ...


DEFAULT_ENGINE = "lines"
ALIASES = {"lines": "lines", "ppocr": "lines", "default": "lines", "tesseract": "page", "page": "page",
           "paddle": "paddle"}


def get_engine(name: str | None = None) -> OcrEngine:
    """The engine called `name` (default: OCR_ENGINE, else the detector + Tesseract line reader)."""
    key = ALIASES.get((name or os.environ.get("OCR_ENGINE") or DEFAULT_ENGINE).lower())
    if key == "lines":
        from ocr.engines.lines import LineEngine

        return LineEngine()
    if key == "page":
        from ocr.engines.page import PageEngine

        return PageEngine()
    if key == "paddle":
        from ocr.engines.paddle import PaddleEngine

        return PaddleEngine.shared()
    raise OcrEngineError(f"Unknown OCR engine: {name}")
