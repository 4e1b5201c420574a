"""The merchant: one-letter misreads of business-name words repaired, and honestly marked as unsure."""

from __future__ import annotations

from ocr.model import TextLine
from ocr.parsers import merchant, names, parse


def slip(*texts: str) -> list[TextLine]:
    """A card slip, one line per text, top to bottom."""
    return [TextLine(t, (20, 50 * i, 20 + 28 * len(t), 50 * i + 36), 0.9) for i, t in enumerate(texts)]


def test_a_word_of_business_names_misread_by_one_letter_is_repaired():
    assert names.repair("하늘몬누리 약국") == ("하늘온누리 약국", True)
    assert names.repair("주식회사 디엔에스 그룸") == ("주식회사 디엔에스 그룹", True)


def test_names_already_right_or_far_from_the_lexicon_stay_as_read():
    assert names.repair("한빛호텔 본점") == ("한빛호텔 본점", False)
    assert names.repair("분점 마크") == ("분점 마크", False)
    assert names.repair("GS25 학사점") == ("GS25 학사점", False)


def test_a_repaired_merchant_is_reported_under_the_sure_threshold():
    kind, fields, conf = parse(slip("신용카드 매출전표", "상호: 하늘몬누리약국", "사업자번호 123-45-67890",
                                    "거래일시 2025-04-09 12:30", "합계 12,000원", "승인금액 12,000원"))
    assert kind == "card_slip"
    assert fields["merchant"] == "하늘온누리약국"
    assert conf["merchant"] < 0.6


def test_the_owners_beside_the_registration_number_are_not_the_merchant():
    _, fields, _ = parse(slip("강남구 도산대로 150", "홍길동 외 1  731-85-02109", "2025-04-02 20:02:41",
                              "카드결제 11,000", "합계 11,000"))
    assert fields["merchant"] != "홍길동외1"
    assert not (fields["merchant"] or "").startswith("홍길동")


def test_the_merchant_label_misread_in_its_first_letter_is_not_taken_for_the_name():
    _, fields, _ = parse(slip("신용카드 승인", "과맹점", "참맛베이커리", "승인일시 2025-12-24 11:13",
                              "사업자번호 650-12-42166", "합계 67,000원"))
    assert fields["merchant"] == "참맛베이커리"


def test_the_reprint_mark_at_the_top_of_a_slip_is_not_the_merchant():
    _, fields, _ = parse(slip("[재인쇄1)", "(주)한빛상사", "사업자번호 123-45-67890",
                              "거래일시 2025-04-09 12:30", "합계 12,000원", "승인금액 12,000원"))
    assert fields["merchant"] == "(주)한빛상사"
    assert not merchant.looks_like_name("[재인쇄1)") and not merchant.looks_like_name("REPRINT")
