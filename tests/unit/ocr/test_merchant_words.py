"""Common words of small shops' names (대학, 식당, 김밥, 분식, 커피) misread in one letter are put back,
unsure; the real words one letter from them that names hold as printed (대한, 예식장, 비빔밥, 대막창) are
not. The real engine on slips drawn with the project's templates, whose header prints the misread name."""

from __future__ import annotations

import io

import pytest

from ocr import extract
from ocr.parsers import names
from ocr.parsers.confidence import SURE


def _slip(templates, name: str) -> bytes:
    """PNG bytes of a card slip whose header prints `name`."""
    p = templates.Page(600, 900, face="gothic")
    p.center("신용카드 매출전표", 28, bold=True)
    p.line(name, 26, bold=True)
    p.row("사업자번호", "214-86-55017", 22)
    p.row("거래일시", "2025-03-14 12:05", 22)
    p.row("승인금액", "8,000원", 24)
    out = io.BytesIO()
    p.crop().save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(("printed", "meant"), [("새솔대막 식낭", "새솔대학 식당"),
                                               ("한빛대막로점", "한빛대학로점")])
def test_a_shop_word_misread_in_one_letter_is_put_back_and_reported_unsure(templates, printed, meant):
    got = extract(_slip(templates, printed), "slip.png")
    assert got.fields["merchant"] == meant
    assert got.confidence["merchant"] < SURE  # the lexicon's word, not a second reading of the paper


@pytest.mark.parametrize("printed", ["왕대막창 본점", "솔빛비빔밥"])
def test_a_name_holding_a_real_word_one_letter_from_a_shop_word_is_kept_as_printed(templates, printed):
    got = extract(_slip(templates, printed), "slip.png")
    assert got.fields["merchant"] == printed


@pytest.mark.parametrize("name", ["대한항공", "대박집", "한빛예식장", "분석센터", "카피센터", "전주비빔밥",
                                  "GS25 학사점", "한빛커피", "대학로점"])
def test_names_holding_words_next_to_the_lexicon_stay_as_read(name):
    assert names.repair(name) == (name, False)


def test_misread_shop_words_are_repaired_beside_kept_ones():
    assert names.repair("김빕천국") == ("김밥천국", True)
    assert names.repair("대한식낭") == ("대한식당", True)
    assert names.repair("솔빛분삭") == ("솔빛분식", True)
