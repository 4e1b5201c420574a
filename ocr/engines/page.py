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
        """Text lines of the page; the paper is warped flat first unless that reads fewer than 4 lines."""
        gray = pp.to_gray(pp.upscale_small(pp.light_background(image), 1400))
        paper = pp.find_paper(gray)
        if paper is not None:
            lines = self._read(pp.flatten(pp.warp_paper(gray, paper)))
            if len(lines) >= 4:
                return lines
        return self._read(pp.flatten(gray))

    def _read(self, gray: np.ndarray) -> list[TextLine]:
        """Full-page Tesseract (kor, psm 4) lines with boxes."""
        import tesserocr
        from PIL import Image

        t = tess.api("kor", 4)
        t.SetImage(Image.fromarray(gray))
        t.Recognize()
        level = tesserocr.RIL.TEXTLINE
        lines = []
        for item in tesserocr.iterate_level(t.GetIterator(), level):
            try:
                text = item.GetUTF8Text(level)
            except RuntimeError:  # a page Tesseract finds no text on gives an empty first line, raising
                break
            box = item.BoundingBox(level)
            if text and text.strip() and box:
                lines.append(TextLine(text=" ".join(text.split()), box=tuple(box),
                                      conf=item.Confidence(level) / 100.0))
        return lines
