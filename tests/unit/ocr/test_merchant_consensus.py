"""Store names misread in one syllable, and totals a notice or a split payment had left unsure (no engine)."""

from __future__ import annotations

from ocr.model import TextLine
from ocr.parsers import merchant, names, parse
from ocr.parsers.layout import Doc


def slip(*texts: str) -> list[TextLine]:
    """A card slip, one line per text, top to bottom."""
    return [TextLine(t, (20, 50 * i, 20 + 28 * len(t), 50 * i + 36), 0.9) for i, t in enumerate(texts)]


HEAD = ("주문 상세", "한빛분식 대전정", "주문일시 2025.04.09 12:30", "결제금액 12,000원")


def test_readings_that_each_misread_another_syllable_agree_letter_by_letter():
    page = slip("주문 상세", "한빗분식 소담관", "주문일시 2025.04.09 12:30", "결제금액 12,000원")
    readings = [("한빛분식 소담관", 0.8), ("한빛분석 소담관", 0.7), ("한빛분식 소단관", 0.75),
                ("한빛분식 소담괸", 0.7)]  # no reading twice: no reading wins the vote alone
    got = merchant.voted(page, lambda box, doubtful=False: readings)
    assert got.value == "한빛분식 소담관"
    assert got.source.endswith("+reread")
    assert got.score < 0.6  # a header name with no label stays to be checked


def test_a_letter_read_two_ways_about_equally_often_is_not_agreed():
    page = slip("주문 상세", "한빛분식 교육문화관", "주문일시 2025.04.09 12:30", "결제금액 12,000원")
    readings = [("한빛분식 교육문와관", 0.9), ("한빛분식 교육문와관", 0.9), ("한빛분식 교육문화관", 0.9),
                ("한빛분석 교육문와관", 0.6)]
    got = merchant.voted(page, lambda box, doubtful=False: readings)
    assert got.value == "한빛분식 교육문화관"  # 화 against 와 is no two-to-one majority: the first stays ...
    assert got.score <= merchant.UNSURE  # ... reported unsure


def test_a_branch_read_with_jeong_after_a_known_place_gets_its_jeom_back():
    got = merchant.merchant(Doc(slip(*HEAD)))
    assert got.value == "한빛분식 대전점"
    assert got.score < 0.6  # put back by a rule, not read: highlighted


def test_a_branch_named_after_the_address_on_the_page_gets_its_jeom_back():
    page = slip("영수증", "한빛문구 상남정", "경남 창원시 성산구 상남동 12", "거래일시 2025-04-09 12:30",
                "합계 12,000원")
    assert merchant.merchant(Doc(page)).value == "한빛문구 상남점"


def test_a_name_ending_in_jeong_that_is_no_place_stays_as_read():
    page = slip("영수증", "한식당 소담정", "거래일시 2025-04-09 12:30", "합계 12,000원")
    assert merchant.merchant(Doc(page)).value == "한식당 소담정"


def test_the_company_mark_with_its_bracket_misread_is_written_as_printed():
    page = slip("신용승인", "[가맹점] (주>한빛상사 대전점", "[거래일시] 25/04/09 12:30", "[합계] 12,000")
    assert merchant.merchant(Doc(page)).value == "(주)한빛상사 대전점"


def test_a_header_of_letters_and_digits_that_forms_no_word_is_no_name():
    page = slip("전자영수증", "BH3O= 4H he AA)", "결제금액 4,400원", "승인일시 2025/07/27 21:14")
    page[1] = TextLine(page[1].text, page[1].box, 0.5, "SIO5=AbhhmwMeH= AA? |")
    got = merchant.merchant(Doc(page))
    assert got is None or "BH3O" not in got.value


def test_a_header_line_read_with_almost_no_confidence_is_no_name():
    page = slip("영수증", "때더큐", "거래일시 2025-04-09 12:30", "합계 12,000원")
    page[1] = TextLine(page[1].text, page[1].box, 0.3)
    got = merchant.merchant(Doc(page))
    assert got is None or got.value != "때더큐"


def test_chain_letters_misread_as_digits_are_put_back():
    assert names.repair("65칼텍스 한빛주유소 대전점") == ("GS칼텍스 한빛주유소 대전점", True)
    assert names.repair("5-01L 한빛주유소") == ("S-OIL 한빛주유소", True)
    assert names.repair("S-OIL 한빛주유소") == ("S-OIL 한빛주유소", False)
    assert names.repair("6520 한빛상회") == ("6520 한빛상회", False)


def test_a_notice_about_card_refunds_is_no_payment_line():
    # '카드결제는 30일 이내 ...': the notice's 카드 is no label of the amount printed under it.
    _, f, c = parse(slip("한빛마트 대전점", "2025/09/04 12:37", "카드결제는 30일 이내 카드와 영수증 지참 시",
                         "2,000", "합계 2,000", "과세 매출 1,727", "부가세 173", "1,900",
                         "신용카드 1,900원"))  # the 받을금액 label before 1,900 misread past knowing
    assert f["total_amount"] == 1900
    assert c["total_amount"] >= 0.9  # supply + VAT = total, printed twice: two signals agree


def test_a_payment_split_between_two_means_checks_the_total():
    _, f, c = parse(slip("한빛분식 대전점", "주문일시 2025.04.24 12:30", "주문금액 76,800원",
                         "배달비 1,000원", "한빛카드 결제 71,750원", "상품권 결제 6,050원",
                         "총 결제금액 77,800원"))
    assert f["total_amount"] == 77800
    assert c["total_amount"] >= 0.9  # 71,750 + 6,050: the card's share is a part, not a rival


def test_the_sale_before_a_refund_is_no_rival_of_what_is_left():
    _, f, c = parse(slip("한빛분식 대전점", "주문일시 2025.04.25 12:30", "주문금액 21,000원",
                         "최초 결제금액 22,000원", "한빛카드 결제 22,000원", "환불금액 -2,900원",
                         "총 결제금액 19,100원"))
    assert f["total_amount"] == 19100
    assert c["total_amount"] >= 0.9


def test_a_location_label_beside_the_phone_is_no_name():
    page = slip("한빛반찬가게", "소재지", "TEL 053-123-4567", "등록번호 : 910-04-03610",
                "결제일시 2024.10.10 11:25", "합계 14,600")
    page[2] = TextLine(page[2].text, (200, 50, 420, 86), 0.9)  # the phone in the label's row
    assert merchant.merchant(Doc(page)).value == "한빛반찬가게"


def test_the_merchant_section_header_with_its_last_letter_misread_is_no_name():
    page = slip("전자영수증", "승인금액 12,000원", "가맹점 정부", "가맹점멜", "대표자멜 홍길동")
    page[3:4] = [TextLine("가맹점멜", (20, 150, 132, 186), 0.87),  # 가맹점명 misread too: only the weaker
                 TextLine("한빛상회 대전점", (400, 152, 624, 188), 0.93)]  # 가맹점 is left, its value right
    assert merchant.merchant(Doc(page)).value == "한빛상회 대전점"


def test_a_letter_glued_onto_the_label_is_the_label_misread_not_the_name():
    page = slip("전자영수증", "승인금액 12,000원", "가맹점멜 한빛상회 대전점", "대표자명 홍길동")
    assert merchant.merchant(Doc(page)).value == "한빛상회 대전점"


def test_a_branch_wrapped_onto_a_line_of_its_own_is_joined_to_the_name():
    page = slip("한빛오일 고속주유소 동대구역", "점", "TEL: 053-123-4567", "일시 2025-12-15 15:45",
                "합계 64,860")
    page[1] = TextLine("점", (300, 50, 330, 86), 0.97)  # centred under the name
    assert merchant.merchant(Doc(page)).value == "한빛오일 고속주유소 동대구역점"


def test_more_chain_letters_and_company_brackets_misread():
    assert names.repair("5(<에너지 한빛주유소") == ("SK에너지 한빛주유소", True)
    page = slip("신용승인", "[가맹점] [주)한빛커피 대전점", "[거래일시] 25/04/09 12:30", "[합계] 12,000")
    assert merchant.merchant(Doc(page)).value == "(주)한빛커피 대전점"
