"""The real engine on crumpled photos of generated card-terminal slips (labels on the left, values on the
right) whose value column drifted a row off its labels: the total label got the VAT under it or the
refund over it. The page's one VAT split (supply + a tenth of it = the sale) says which amount is the
sale; a sale printed only above a refund, what is left after it unread, is not surely what was paid."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from ocr import extract
from tests.unit.ocr.ocr_samples import SAMPLES


@pytest.fixture()
def crumpled_slip(monkeypatch):
    """A terminal slip drawn by the widened generator, photographed crumpled, and its truth."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import photo
    import wide_docs
    import widened
    from wide_layout import Slip, random_style

    def make(seed: int, crumple: int):
        rng = random.Random(seed)
        slip = Slip(random_style(rng, paper="58mm", thermal=True), rng)
        truth = wide_docs.terminal(slip, rng)["fields"]
        bgr = photo.crumpled(np.random.default_rng(crumple), widened._bgr(slip.finish()))
        data = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()
        return extract(data, "crumpled.jpg"), truth
    return make


def test_the_vat_taken_for_the_total_gives_way_to_the_sale_it_splits(crumpled_slip):
    got, truth = crumpled_slip(5, 51)
    # 223,273 + 22,327 = 245,600, each value a row under its label: 22,327 was read as 승인금액's.
    assert got.fields["total_amount"] == truth["total_amount"] == 245_600
    assert got.confidence["total_amount"] < 0.6  # the arithmetic alone: unsure


def test_the_refund_taken_for_the_total_gives_way_to_what_is_left_of_the_sale(crumpled_slip):
    got, truth = crumpled_slip(8, 80)
    # 107,727 + 10,773 = 118,500, less -38,300 printed = 80,200 (잔여승인금액), each value a row above its
    # label: the refund was read as the total.
    assert got.fields["total_amount"] == truth["total_amount"] == 80_200
    assert got.confidence["total_amount"] < 0.6


def test_a_sale_printed_only_above_a_refund_whose_remainder_was_lost_is_unsure(crumpled_slip):
    got, truth = crumpled_slip(3, 32)
    # 합계 236,600 over 환불금액 -56,900 (read '-56.906'), the 잔여승인금액 line under them lost: the sale
    # before the refund was reported at 0.7 for the 179,700 paid.
    assert truth["total_amount"] == 179_700
    assert got.fields["total_amount"] is not None
    # Right, or unsure: never a silent error.
    assert got.fields["total_amount"] == truth["total_amount"] or got.confidence["total_amount"] < 0.6
