"""A dot-matrix terminal slip photographed lying on its side, and a date whose 년 and 일 were misread: the
real engine on a slip the widened generator draws here (sample_receipts/wide_docs.py, photo.py)."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from ocr import extract, preprocess as pp
from ocr.engines import detector, lines as engine_lines
from ocr.parsers import parse
from tests.unit.ocr.ocr_samples import SAMPLES, lines


@pytest.fixture()
def sideways_dotted_slip(monkeypatch):
    """(JPEG bytes, truth) of a 58 mm terminal slip printed in dots, photographed, turned a quarter."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import photo
    import wide_docs
    from wide_layout import Slip, random_style

    rng, nrng = random.Random(2), np.random.default_rng(2)
    slip = Slip(random_style(rng, paper="58mm", thermal=True), rng)
    truth = wide_docs.terminal(slip, rng)
    bgr = np.ascontiguousarray(np.asarray(slip.finish().convert("RGB"))[:, :, ::-1])
    turned = np.ascontiguousarray(np.rot90(photo.mild(nrng, photo.dotmatrix(bgr)), 3))
    return cv2.imencode(".jpg", turned, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes(), truth


def test_dots_of_a_slip_on_its_side_are_merged_into_lines_that_show_it_lies_on_its_side(sideways_dotted_slip):
    data, _ = sideways_dotted_slip
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    quads = detector.detect(image)
    assert detector.looks_fragmented(quads)
    # Blurred by the boxes' height (a letter and a half along a sideways line) the page melted into one box.
    _, merged = engine_lines._merge_dotted_print(image, quads)
    assert 3 <= len(merged) < len(quads)
    assert pp.lines_look_vertical(merged)


def test_a_dotted_slip_on_its_side_is_read_as_a_card_slip_and_an_unsure_total_says_so(sideways_dotted_slip):
    data, truth = sideways_dotted_slip
    got = extract(data, "sideways.jpg")
    assert got.document_type == truth["document_type"] == "card_slip"  # read as `unknown` before
    total = got.fields["total_amount"]
    assert total == truth["fields"]["total_amount"] or got.confidence["total_amount"] < 0.6


def test_a_date_whose_year_and_day_letters_were_misread_is_read_by_its_month_letter():
    rows = [("카드 매출전표", 300, 0), ("일시", 20, 50), ("2023넌 9월 29얼 06:04:25", 300, 50),
            ("결제금액", 20, 100), ("93,100원", 300, 100)]
    _, f, _ = parse(lines(*rows))
    assert f["date"] == "2023-09-29"


def test_two_syllables_round_a_number_are_no_date_without_the_month_letter():
    _, f, _ = parse(lines(("카드 매출전표", 300, 0), ("결제금액", 20, 50), ("2023개 9개 29개", 300, 50)))
    assert f["date"] is None


def test_a_date_whose_slashes_were_read_as_sevens_is_put_back_and_reported_unsure():
    rows = [("카드 매출전표", 300, 0), ("2025711712 08:49:53", 300, 50),
            ("합계", 20, 100), ("108,000 원", 300, 100)]
    _, f, c = parse(lines(*rows))
    assert f["date"] == "2025-11-12"
    assert c["date"] < 0.6  # the digits round a misread separator may be misread too


def test_a_number_of_ten_digits_with_no_date_label_and_no_time_is_no_date():
    rows = [("카드 매출전표", 300, 0), ("승인번호 2024111712", 20, 50),
            ("합계", 20, 100), ("108,000 원", 300, 100)]
    _, f, _ = parse(lines(*rows))
    assert f.get("date") is None
