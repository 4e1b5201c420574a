"""Light fallback engine: whole-page Tesseract (kor, psm 4) on a shadow-flattened page."""

from __future__ import annotations

import numpy as np

from ocr import preprocess as pp
from ocr.engines import tess
from ocr.model import TextLine


class PageEngine:
    """Full-page Tesseract; returns its text lines with boxes."""

    name = "tesseract"

    def read(self, image: np.ndarray) -> list[TextLine]:
        """Text lines of the page in reading order."""
        import tesserocr

        gray = pp.flatten(pp.to_gray(pp.upscale_small(image, 1400)))
        t = tess.api("kor", 4)
        t.SetImage(__import__("PIL.Image", fromlist=["Image"]).fromarray(gray))
        t.Recognize()
        level = tesserocr.RIL.TEXTLINE
        lines = []
        for item in tesserocr.iterate_level(t.GetIterator(), level):
            text = item.GetUTF8Text(level)
            box = item.BoundingBox(level)
            if text and text.strip() and box:
                lines.append(TextLine(text=" ".join(text.split()), box=tuple(box),
                                      conf=item.Confidence(level) / 100.0))
        return lines
