"""Merchant names the re-readings split on, names wrapped mid-word, and header labels misread in a letter."""

from __future__ import annotations

from ocr.model import TextLine
from ocr.parsers import merchant
from ocr.parsers.layout import Doc


def slip(*texts: str) -> list[TextLine]:
    """A card slip, one line per text, top to bottom."""
    return [TextLine(t, (20, 50 * i, 20 + 28 * len(t), 50 * i + 36), 0.9) for i, t in enumerate(texts)]


PAGE = (
    "신용카드 매출전표",
    "가맹점명 새벽별 분식",
    "사업자번호 123-45-67890",
    "거래일시 2025-04-09 12:30",
    "합계 12,000원",
)


def test_a_name_two_re_readings_give_otherwise_is_kept_but_reported_unsure():
    readings = [("가맹점명 새벽별 분식", 0.9)] * 2 + [("가맹점명 새벽벌 분식", 0.88)] * 2
    got = merchant.voted(slip(*PAGE), lambda box, doubtful=False: readings)
    assert got.value == "새벽별 분식"  # the first reading and two re-readings carry the vote ...
    assert got.score <= merchant.SPLIT < 0.6  # ... but two cut-outs read another syllable: highlighted


def test_one_stray_re_reading_leaves_the_name_as_sure_as_its_label_makes_it():
    readings = [("가맹점명 새벽별 분식", 0.9)] * 3 + [("가맹점명 새벽벌 분식", 0.88)]
    got = merchant.voted(slip(*PAGE), lambda box, doubtful=False: readings)
    assert got.value == "새벽별 분식"
    assert got.score == merchant.merchant(Doc(slip(*PAGE))).score


def test_a_name_cut_after_a_lone_syllable_goes_on_to_the_next_line():
    page = slip("영수증", "상호 : 푸른들 한식뷔페 세", "종중앙점", "사업자: 123-45-67890", "합계 9,000원")
    got = merchant.merchant(Doc(page))
    assert got.value == "푸른들 한식뷔페 세종중앙점"


def test_a_name_ending_in_a_whole_word_takes_no_long_line_under_it():
    page = slip("영수증", "상호 : 푸른들 한식뷔페", "김밥라면떡볶이", "사업자: 123-45-67890", "합계 9,000원")
    assert merchant.merchant(Doc(page)).value == "푸른들 한식뷔페"


def test_a_header_label_or_title_misread_in_one_letter_is_no_name():
    page = slip("매출전표(고객용)", "가드종류", "카드번호 1234-56**-****-7890", "햇빛분식", "합계 9,000원")
    assert merchant.merchant(Doc(page)).value == "햇빛분식"
    page = slip("새솔정보통신 매출진표", "햇빛분식", "사업자번호 123-45-67890", "합계 9,000원")
    assert merchant.merchant(Doc(page)).value == "햇빛분식"


def test_with_the_readings_split_the_name_printed_again_elsewhere_is_taken_unsure():
    page = slip(
        "새벽별 분식", "신용카드 매출전표", "가맹점명 새벽벌 분식", "사업자번호 123-45-67890", "합계 12,000원"
    )
    readings = [("가맹점명 새벽벌 분식", 0.9)] * 2 + [("가맹점명 새벽별 분식", 0.88)] * 2
    got = merchant.voted(page, lambda box, doubtful=False: readings)
    assert got.value == "새벽별 분식"  # the header prints what two re-readings of the label's line read
    assert got.score <= merchant.SPLIT


def test_a_slogan_over_the_store_is_no_name():
    page = slip("언제나 곁에서 웃음을 드립니다", "새벽별 분식", "사업자번호 123-45-67890", "합계 9,000원")
    assert merchant.merchant(Doc(page)).value == "새벽별 분식"
    page = slip("늘 이웃을 만나다", "새벽별 분식", "사업자번호 123-45-67890", "합계 9,000원")
    assert merchant.merchant(Doc(page)).value == "새벽별 분식"
