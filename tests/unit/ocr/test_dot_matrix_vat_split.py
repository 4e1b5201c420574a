"""The real engine on a dot-matrix terminal slip of the widened generator whose total line faded away and
whose supply and VAT labels went with it: the two amounts left, a tenth apart, add up to the total; neither
is the total."""

from __future__ import annotations

import random

import cv2
import pytest

from ocr import extract
from ocr.parsers.text import amounts
from tests.unit.ocr.ocr_samples import SAMPLES


@pytest.fixture()
def gen(monkeypatch):
    """The widened generator's modules (sample_receipts/)."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import photo
    import wide_docs
    import wide_layout
    import widened
    return photo, wide_docs, wide_layout, widened


def _grouped(text: str) -> str:
    return text.replace(".", ",").replace(" ", "")


def test_a_faded_total_line_is_the_sum_of_the_supply_and_vat_left_legible(gen):
    photo, docs, layout, widened = gen
    rng = random.Random(11)  # a terminal slip: 판매금액 12,364 / 부가세 1,236 / 총금액 13,600
    slip = layout.Slip(layout.random_style(rng, paper="58mm", thermal=True), rng)
    meta = docs.terminal(slip, rng)
    dotted = photo.dotmatrix(widened._bgr(slip.finish()))
    total = meta["fields"]["total_amount"]
    supply = round(total / 1.1)
    first = extract(cv2.imencode(".png", dotted)[1].tobytes(), "dotted.png")
    assert first.fields["total_amount"] == total
    faded, parts = dotted.copy(), 0
    for line in first.lines:  # fade the total's row away, and the labels of the supply's and the VAT's
        x0, y0, x1, y1 = line.box
        if f"{total:,}" in _grouped(line.text):
            faded[max(0, y0 - 4):y1 + 4, :] = 255
        elif f"{supply:,}" in _grouped(line.text) or f"{total - supply:,}" in _grouped(line.text):
            faded[max(0, y0 - 4):y1 + 4, max(0, x0 - 4):x0 + int(0.4 * (x1 - x0))] = 255
            parts += 1
    assert parts == 2
    got = extract(cv2.imencode(".png", faded)[1].tobytes(), "faded.png")
    assert got.document_type == "card_slip"
    assert total not in {v for line in got.lines for v in amounts(line.text)}  # printed nowhere legible
    # The supply (12,364), the largest amount left, was reported as the total before.
    assert got.fields["total_amount"] == total
    assert got.confidence["total_amount"] < 0.6  # the arithmetic alone: unsure
