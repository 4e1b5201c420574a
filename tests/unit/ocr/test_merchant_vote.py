"""The store name's line read again a few ways and put to a vote (merchant.voted, LineEngine.reread)."""

from __future__ import annotations

import cv2
import numpy as np

from ocr import extract
from ocr.engines import lines as engine_lines
from ocr.model import TextLine
from ocr.parsers import merchant
from ocr.parsers.layout import Doc
from tests.unit.ocr.ocr_samples import load_sample


def slip(*texts: str) -> list[TextLine]:
    """A card slip, one line per text, top to bottom."""
    return [TextLine(t, (20, 50 * i, 20 + 28 * len(t), 50 * i + 36), 0.9) for i, t in enumerate(texts)]


PAGE = ("신용카드 매출전표", "가맹점명 빨프스커피 가로수길", "사업자번호 123-45-67890",
        "거래일시 2025-04-09 12:30", "합계 12,000원")


def test_a_syllable_misread_once_is_outvoted_by_the_other_readings_of_its_line():
    readings = [("가맹점명 랄프스커피 가로수길", 0.88)] * 3 + [("가맹점명 할프스커피 가로수길", 0.8)]
    got = merchant.voted(slip(*PAGE), lambda box: readings)
    assert got.value == "랄프스커피 가로수길"
    assert got.score == merchant.merchant(Doc(slip(*PAGE))).score  # agreed: as sure as the label makes it


def test_a_name_the_readings_disagree_on_is_kept_but_reported_unsure():
    readings = [("가맹점명 랄프스커피 가로수길", 0.88), ("가맹점명 할프스커피 가로수길", 0.85),
                ("가맹점명 탈프스커피 가로수길", 0.86)]
    got = merchant.voted(slip(*PAGE), lambda box: readings)
    assert got.value == "빨프스커피 가로수길"  # no reading carries the vote: the first stays ...
    assert got.score <= merchant.UNSURE  # ... highlighted on the phone


def test_the_engine_reads_the_chosen_line_again_and_a_clean_slip_keeps_its_name():
    data, exp = load_sample("s_card_slip_0_clean.jpg")
    engine = engine_lines.LineEngine()
    page = engine.read(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR))
    chosen = merchant.merchant(Doc(page))
    readings = engine.reread(chosen.line.box)
    assert len(readings) == len(engine_lines.REREADS)
    name = exp["fields"]["merchant"].replace(" ", "")
    assert sum(name in text.replace(" ", "") for text, _ in readings) >= len(readings) - 1
    got = extract(data, "slip.jpg")
    assert got.fields["merchant"] == exp["fields"]["merchant"]
    assert got.confidence["merchant"] > merchant.UNSURE


def test_a_line_the_engine_never_read_has_nothing_to_read_again():
    engine = engine_lines.LineEngine()
    assert engine.reread((0, 0, 10, 10)) == []
