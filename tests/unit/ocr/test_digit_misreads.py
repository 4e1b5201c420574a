"""Amounts whose digits were misread: the checks that still find the paid amount (hand-made OCR lines)."""

from __future__ import annotations

from ocr.parsers import parse
from tests.unit.ocr.ocr_samples import lines


def column(*texts, x=20):
    """One line per text, stacked 50 px apart."""
    return lines(*[(t, x, 50 * i) for i, t in enumerate(texts)])


SLIP = ("신용카드 매출전표", "(주)소담국밥", "판매일시 22/04/30 17:07", "순대국 2 52,100", "편육 1 18,000")


def test_the_sale_before_a_discount_checks_the_total_when_its_own_label_is_illegible():
    # '삽개수킹 70,100': 합계수량/금액 misread past any label; 70,100 - 10,500 lands on the labelled total.
    kind, f, c = parse(column(*SLIP, "삽개수킹 70,100", "쿠폰할인 10,500", "청구금액 59,600 원"))
    assert kind == "card_slip" and f["total_amount"] == 59600 and c["total_amount"] >= 0.9


def test_a_sale_less_its_discount_that_lands_on_no_labelled_amount_checks_nothing():
    _, f, c = parse(column(*SLIP, "삽개수킹 70,100", "쿠폰할인 10,500", "청구금액 58,600 원"))
    assert f["total_amount"] == 58600 and c["total_amount"] < 0.9


def test_an_amount_printed_with_a_leading_zero_gives_way_to_a_clean_labelled_one():
    # '069,600' for 59,600: the 0 a sign misread, the 5 read 6; the final amount (its label misread,
    # 정구금액) reads clean.
    _, f, c = parse(column(*SLIP, "쿠폰할인 10,500", "정구금액 59,600 원", "카드결제 069,600"))
    assert f["total_amount"] == 59600 and c["total_amount"] < 0.9
