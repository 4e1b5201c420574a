"""A page that is no receipt (a menu of the foreign generator, drawn by Chromium) is read once: its noise
is not mended line by line, which could only have mended a receipt. Skipped where Chromium is missing."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from ocr import extract, loader
from ocr.engines import tess
from ocr.engines.lines import LineEngine
from ocr.parsers import parse


def _menu_photo(seed: int) -> bytes:
    """A menu board of the foreign generator, rendered and photographed (its mild damage) as it makes
    its sets, as PNG bytes."""
    from benchmarks.foreign import damage, docs
    from benchmarks.foreign.browser import open_browser

    try:
        browser = open_browser()
    except (FileNotFoundError, OSError, ImportError) as exc:
        pytest.skip(f"Chromium is not available: {exc}")
    try:
        made = docs.menu(random.Random(f"test-menu-{seed}"))
        png = browser.render(made["html"], made["look"].width, made["look"].scale)
    finally:
        browser.close()
    page = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    photo, _ = damage.apply(np.random.default_rng(seed), page, "mild", made["paper"])
    return cv2.imencode(".png", photo)[1].tobytes()


def test_a_menu_read_once_stays_unknown_and_the_skipped_mends_would_not_have_changed_it(monkeypatch):
    png = _menu_photo(9)  # a phone screen's menu with dotted leader rows
    recognised = []
    real_api = tess.api
    monkeypatch.setattr(tess, "api", lambda *a: recognised.append(a) or real_api(*a))  # Tesseract runs
    got = extract(png, "menu.png")
    assert got.document_type == "unknown" and got.fields["total_amount"] is None
    first = len(recognised)
    # The same page read with every mend: its first readings are remembered, so what Tesseract runs now
    # is the mending the menu was spared; it changes nothing about the page.
    mended = LineEngine().read(loader.decode_image(png, long_side=loader.DETAIL_LONG_SIDE))
    assert len(recognised) > first
    kind, fields, _ = parse(mended)
    assert kind == "unknown" and fields["total_amount"] is None
