"""A rule drawn from the foreign generator's dev seed 6161 (benchmarks/foreign bus_paper, drawn by Chromium
and read by the real engine; skipped where Chromium is not installed): the `eng` digits reading of a fare
giving an amount no till prints (36,286 for 30,200) replaced the right one."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from ocr import pipeline
from ocr.engines import lines as engine_lines
from ocr.model import TextLine
from ocr.parsers import parse


def _bus_paper(seed: str, discounted: bool, html=lambda made, html: html):
    """A bus_paper ticket of the foreign generator (with a discount or without), its HTML passed through
    `html`, rendered and read by the line engine (kept, so that it can read lines again)."""
    from benchmarks.foreign import docs
    from benchmarks.foreign.browser import open_browser

    made = docs.bus_paper(random.Random(seed))
    assert ("할인" in made["html"]) == discounted and not made["dots"]
    try:
        browser = open_browser()
    except (FileNotFoundError, OSError, ImportError) as exc:
        pytest.skip(f"Chromium is not available: {exc}")
    try:
        png = browser.render(html(made, made["html"]), made["look"].width, made["look"].scale)
    finally:
        browser.close()
    engine = engine_lines.LineEngine()
    return made, engine, engine.read(cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR))


def test_a_digits_reading_not_in_tens_of_won_does_not_replace_a_fare_that_is():
    # The ticket prints a fare that is no price (its last digit 6) where the first reading gives one in
    # tens: the `eng` digits reading of those pixels is the odd one out, as 36,286 was for 30,200.
    def odd(made, html):
        fare = made["fields"]["total_amount"]
        return html.replace(f"{fare:,}", f"{fare + 6:,}")

    made, engine, read = _bus_paper("test-tens-6", False, odd)  # its fare printed alone in its box
    fare = made["fields"]["total_amount"]
    line = next(l for l in read if f"{fare + 6:,}" in l.text)
    page = [TextLine(l.text.replace(f"{fare + 6:,}", f"{fare:,}"), l.box, 0.45, l.alt) if l is line else l
            for l in read]
    kind, fields, conf = parse(page)
    assert fields["total_amount"] == fare
    assert engine.read_digits(line.box, 0) == f"{fare + 6:,}"  # what the pixels print, read as digits
    pipeline._vote_digits(kind, page, engine.read_digits, fields, conf)
    assert fields["total_amount"] == fare
