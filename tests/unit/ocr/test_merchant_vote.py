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


PAGE = ("신용카드 매출전표", "가맹점명 해운대 그린모델", "사업자번호 123-45-67890",
        "거래일시 2025-04-09 12:30", "합계 12,000원")


def test_a_syllable_misread_once_is_outvoted_by_the_other_readings_of_its_line():
    readings = [("가맹점명 해운대 그린모텔", 0.88)] * 3 + [("가맹점명 해운대 그런모텔", 0.8)]
    got = merchant.voted(slip(*PAGE), lambda box, doubtful=False: readings)
    assert got.value == "해운대 그린모텔"
    assert got.score == merchant.merchant(Doc(slip(*PAGE))).score  # agreed: as sure as the label makes it


def test_a_name_the_readings_disagree_on_is_kept_but_reported_unsure():
    readings = [("가맹점명 해운대 그린모텔", 0.88), ("가맹점명 해운대 그런모텔", 0.85),
                ("가맹점명 해운대 그린모댈", 0.86)]
    got = merchant.voted(slip(*PAGE), lambda box, doubtful=False: readings)
    assert got.value == "해운대 그린모델"  # no reading carries the vote: the first stays ...
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


def _squeezed(name: str, factor: float) -> bytes:
    """A sample slip drawn narrower: condensed print, as terminal slips and POS fonts have it."""
    data, _ = load_sample(name)
    img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    narrow = cv2.resize(img, None, fx=factor, fy=1.0, interpolation=cv2.INTER_AREA)
    return cv2.imencode(".png", narrow)[1].tobytes()


def test_a_syllable_of_condensed_print_misread_at_first_is_outvoted_by_its_re_readings():
    _, exp = load_sample("s_card_terminal_0_clean.jpg")
    got = extract(_squeezed("s_card_terminal_0_clean.jpg", 0.6), "narrow.png")
    assert got.fields["merchant"] == exp["fields"]["merchant"]  # first read with 속 for 식


def test_a_name_misread_in_print_too_narrow_to_read_is_reported_unsure():
    _, exp = load_sample("s_card_terminal_1_clean.jpg")
    # (At half width the engine's condensed-line re-read now recovers it; at 0.4 nothing does.)
    got = extract(_squeezed("s_card_terminal_1_clean.jpg", 0.4), "narrow.png")
    assert got.fields["merchant"] != exp["fields"]["merchant"]  # the name is lost to recognition ...
    # ... and the phone highlights it, or leaves it blank: its line read too faintly to be a name at all
    assert got.fields["merchant"] is None or got.confidence["merchant"] <= merchant.UNSURE


def test_with_no_name_found_a_doubtful_header_line_is_mended_by_a_much_surer_reading():
    page = slip("신용카드 매출전표", "(쥐4빗", "사업자번호 123-45-67890", "거래일시 2025-04-09 12:30",
                "합계 12,000원")
    page[1] = TextLine(page[1].text, page[1].box, 0.38)
    assert merchant.merchant(Doc(page)) is None

    def reread(box, doubtful=False):
        return [("주한", 0.0), ("뛰한빗상", 0.34)] + ([("(주)한빛상사", 0.91)] if doubtful else [])
    got = merchant.voted(page, reread)
    assert got.value == "(주)한빛상사"
    assert got.score <= merchant.UNSURE  # one wide reading against the rest: right, but to be checked


def test_a_line_the_engine_never_read_has_nothing_to_read_again():
    engine = engine_lines.LineEngine()
    assert engine.reread((0, 0, 10, 10)) == []
