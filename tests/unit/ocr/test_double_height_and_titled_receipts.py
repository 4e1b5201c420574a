"""A POS printer's double-height total line, read by the real engine on the project's own samples, and a
receipt whose card and total labels are illegible, told from a menu by its title and its time of sale."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ocr import extract, preprocess as pp
from ocr.engines import lines, tess
from ocr.model import TextLine
from ocr.parsers import parse
from tests.unit.ocr.ocr_samples import load_sample


def _decode(data: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)


def _png(bgr: np.ndarray) -> bytes:
    return cv2.imencode(".png", bgr)[1].tobytes()


def _double_height_total(name: str) -> tuple[np.ndarray, np.ndarray, int]:
    """The sample, the sample with its total's row printed three times as tall, and the total."""
    data, exp = load_sample(name)
    total = exp["fields"]["total_amount"]
    box = next(line.box for line in extract(data, name).lines if f"{total:,}" in line.text)
    page = _decode(data)
    y0, y1 = box[1] - 2, box[3] + 2
    band = cv2.resize(page[y0:y1], None, fx=1, fy=3, interpolation=cv2.INTER_CUBIC)
    return page[y0:y1, box[0]:box[2]], np.vstack([page[:y0], band, page[y1:]]), total


def test_tall_narrow_digits_are_told_condensed_and_read_again_stretched():
    cut, _, total = _double_height_total("s_card_slip_0_clean.jpg")
    gray = cv2.cvtColor(cut, cv2.COLOR_BGR2GRAY)
    tall = cv2.resize(gray, None, fx=1, fy=3, interpolation=cv2.INTER_CUBIC)
    h, w = tall.shape
    quad = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
    crop, plain = pp.crop_line(tall, quad), pp.crop_line(gray, quad / np.float32([1, 3]))
    assert lines._condensed(crop) and not lines._condensed(plain)
    lang = tess.primary_lang()
    text, conf = tess.read_line(crop, lang)
    assert text.replace(",", "") != str(total)  # squeezed glyphs read as a few digits or letters
    again, again_conf = lines._stretched_look(crop, text, conf, lang)
    assert again == f"{total:,}" and again_conf >= 0.9


@pytest.mark.parametrize("name", ["s_card_slip_0_clean.jpg", "s_card_slip_2_mild.jpg"])
def test_a_double_height_total_line_is_read_as_the_amount(name):
    _, page, total = _double_height_total(name)
    got = extract(_png(page), "double-height.png")
    assert got.document_type == "card_slip"
    assert got.fields["total_amount"] == total  # the supply amount plus a digit or two before
    assert f"{total:,}" in [line.text for line in got.lines]


def _column(*texts: str) -> list[TextLine]:
    return [TextLine(text, (20, 50 * i, 20 + 28 * len(text), 50 * i + 40), 0.9)
            for i, text in enumerate(texts)]


def test_a_titled_receipt_with_its_time_of_sale_is_read_though_its_labels_are_illegible():
    kind, f, c = parse(_column("[영수증]", "번 | 6", "2022-09-01 12:05:45", "상품명", "잠치김밥/ 지즈김밥",
                               "2,000", "2,000", "면세", "2,000", "10", "45205432"))
    assert kind == "card_slip"
    assert (f["total_amount"], f["date"]) == (2000, "2022-09-01")
    assert c["total_amount"] < 0.6  # no label backs it


@pytest.mark.parametrize("texts", [
    ("영수증", "김밥 4,000", "라면 5,000", "떡볶이 6,000"),  # a title and prices, no time of sale
    ("오늘의 메뉴", "2025-03-14 11:30 개점", "김밥 4,000", "라면 5,000"),  # a time, no receipt's title
    ("영수증은 교환 환불 시 꼭 필요합니다.", "2025-03-14 11:30", "김밥 4,000"),  # the word in a sentence
    ("승차권 영수증", "2025-03-14 11:30", "17,100"),  # a ticket's word: not taken for a shop's receipt
])
def test_a_page_without_both_a_receipt_title_and_a_time_of_sale_stays_unknown(texts):
    kind, f, _ = parse(_column(*texts))
    assert kind == "unknown" and f["total_amount"] is None
