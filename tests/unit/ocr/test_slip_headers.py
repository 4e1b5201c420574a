"""Which printed line is the store, the date's year, a menu by a terminal, taxi surcharges (hand-made lines).

Every name and number here is invented; the lines are built in the test, never copied from a receipt.
"""

from __future__ import annotations

from ocr.model import TextLine
from ocr.parsers import names, parse


def column(*texts: str, alts: dict[int, str] | None = None) -> list[TextLine]:
    """One line per text, top to bottom, 50 px apart; `alts` gives some lines an `eng` re-reading."""
    alts = alts or {}
    return [TextLine(t, (20, 50 * i, 20 + 28 * len(t), 50 * i + 36), 0.9, alts.get(i))
            for i, t in enumerate(texts)]


def test_the_terminal_operator_heading_a_slip_is_not_the_merchant():
    _, f, _ = parse(column("KSNET", "신용승인", "가맹점명 : 솔빛분식 역전점", "거래일시 2025-03-14 12:05",
                           "합계 8,000원", "승인번호 12345678"))
    assert f["merchant"] == "솔빛분식 역전점"
    _, f, _ = parse(column("나이스정보통신", "카드 매출전표", "한결국밥", "사업자번호 123-45-67890",
                           "거래일시 2025-03-14 12:05", "승인금액 9,000원"))
    assert f["merchant"] == "한결국밥"
    assert names.is_processor("KOCES") and names.is_processor("한국신용카드결제(주)")
    assert not names.is_processor("코코스 분식") and not names.is_processor("NICE 피자 세종점")


def test_the_store_line_beats_the_operating_company_printed_under_it():
    _, f, c = parse(column("0525 새봄마을점  031-123-4567", "주식회사 가람리테일  1234567890",
                           "경기도 가상시 가람로 12", "2025/03/14 홍*동", "합계 3,300", "카드결제 3,300"))
    assert f["merchant"] == "GS25 새봄마을점"  # the chain's letters misread as digits, put back
    assert c["merchant"] < 0.6  # a lexicon repair is a guess
    assert names.repair("6525 들꽃점") == ("GS25 들꽃점", True)


def test_a_phone_number_glued_onto_the_header_name_is_dropped():
    _, f, _ = parse(column("하늘채식당 중앙점 02000-0004", "서울특별시 가상구 가상로 1",
                           "2025-03-14 19:00:01",
                           "합계 21,000", "신용카드 21,000"))
    assert f["merchant"] == "하늘채식당 중앙점"


def test_a_printed_four_digit_year_beats_the_eng_reading_of_a_two_digit_one():
    # The POS line prints '25-04-03'; its `eng` re-reading gives 20-04-03. A later line prints 2025-04 03.
    lines = column("영수증", "소담식당", "POS:01 BILL 00021 2020704-03", "합계 12,000", "카드결제 12,000",
                   "2025-04 03 10:06:45", alts={2: "POS:01 BILL 00021 20-04-03"})
    _, f, c = parse(lines)
    assert f["date"] == "2025-04-03"
    assert c["date"] < 0.6  # two readings disagree: the traveler is asked to check


def test_a_year_apart_the_earlier_year_still_wins():
    _, f, c = parse(column("영수증", "늘봄약국", "거래일시 2026-04-09 10:00", "합계 5,000", "카드결제 5,000",
                           "2025-04-09 10:00 발행"))
    assert f["date"] == "2025-04-09"
    assert c["date"] < 0.6


def test_a_menu_of_a_shop_by_the_bus_terminal_stays_unknown_with_no_amount():
    kind, f, _ = parse(column("마루분식 고속터미널점", "메뉴", "김밥 ..... 4,000", "라면 ..... 5,000",
                              "떡볶이 ..... 6,000", "전화 031-555-1234"))
    assert kind == "unknown"
    assert f["total_amount"] is None


def test_a_card_approval_title_makes_a_barely_legible_slip_a_card_slip():
    kind, f, c = parse(column("친용카드 승인", "느니 도주", "그라드 고", "111,000"))
    assert kind == "card_slip"
    assert f["total_amount"] == 111000 and c["total_amount"] < 0.6


def test_a_taxi_surcharge_makes_the_card_amount_the_total_not_the_meter_fare():
    _, f, _ = parse(column("택시요금 영수증", "개인택시", "차량번호 서울12바3456",
                           "승차시각 2025-10-03 17:22",
                           "하차 17:40", "미터요금 26,000원", "할증 2,200", "카드결제 28,200원"))
    assert f["total_amount"] == 28200


def test_a_folio_hotel_name_printed_above_the_title_is_the_merchant():
    _, f, _ = parse(column("NURI HOTEL", "RECEIPT", "[Arrival] 2025-10-19", "[Departure] 2025-10-21",
                           "10/19 Room Charge 120,000", "SUBTOTAL 120,000", "TOTAL KRW 132,000",
                           alts={0: "NURI HOTEL", 1: "RECEIPT", 4: "10/19 Room Charge 120,000"}))
    assert f["merchant"] == "NURI HOTEL"


def test_with_points_paying_part_the_amount_due_beats_the_card_approval():
    _, f, _ = parse(column("영수증", "가람분식", "거래일시 2025-03-14 12:05", "합계 30,000",
                           "결제금액 30,000",
                           "포인트사용 2,000", "승인금액 28,000", "카드번호 1234-56**-****-7890"))
    assert f["total_amount"] == 30000
    _, f, _ = parse(column("신용승인", "가맹점명 누리문구", "거래일시 2025-03-14 12:05", "공급가액 10,000",
                           "부가세 1,000", "승인금액 11,000"))
    assert f["total_amount"] == 11000  # alone, the approved amount is the total


def test_a_company_form_that_lost_its_bracket_is_put_right():
    assert names.repair("(주들꽃칼국수 원주점") == ("(주)들꽃칼국수 원주점", True)
    assert names.repair("(주)들꽃칼국수") == ("(주)들꽃칼국수", False)
    assert names.repair("(주식회사 들꽃)") == ("(주식회사 들꽃)", False)


def test_a_label_like_value_under_a_fuzzy_label_does_not_beat_the_header_name():
    _, f, _ = parse(column("청솔막국수", "대표 : 홍길동", "123-45-67890", "사업자등록번호", "26.01.08 08:32",
                           "거래일 자", "합계 12,200", "카드결제 12,200"))
    assert f["merchant"] == "청솔막국수"


def test_an_operating_company_printed_above_the_store_is_not_the_merchant():
    _, f, _ = parse(column("(주)한결유통  412-27-94936", "들꽃식당 세종점", "대표 : 홍길동",
                           "2025-03-14 12:05", "합계 9,000", "카드결제 9,000"))
    assert f["merchant"] == "들꽃식당 세종점"
    _, f, _ = parse(column("(주)가람상사  412-27-94936", "서울특별시 가상구 가상로 1", "2025-03-14 12:05",
                           "합계 9,000", "카드결제 9,000"))
    assert f["merchant"] == "(주)가람상사"  # alone, the company is the merchant


def test_card_and_bus_words_in_running_text_make_no_receipt_and_no_amount():
    for texts in (("하늘식당", "메뉴", "김치찌개 8,000", "비빔밥 9,000", "카드결제 가능합니다"),
                  ("오늘의 메뉴", "신용카드 결제 가능", "부가세 포함", "김밥 4,000", "라면 5,000"),
                  ("요금 조정 안내", "시외버스 정류장 위치가 변경되었습니다.",
                   "2025년 3월 1일부터 이용 요금 1,500원",
                   "문의 02-123-4567")):
        kind, f, _ = parse(column(*texts))
        assert kind == "unknown", texts
        assert f["total_amount"] is None
    # A label with its amount is no sentence: the slip is still read.
    kind, f, _ = parse(column("신용카드 매출전표", "가맹점명 다온상회", "거래일시 2025-03-14 12:05",
                              "합계(부가세 포함) 12,000원"))
    assert kind == "card_slip" and f["total_amount"] == 12000


def test_values_of_a_slip_photographed_askew_pair_with_their_own_labels():
    # Labels on the left, amounts on the right lifted by a slant: each amount sits higher than its label,
    # closer to the label above than to its own when measured level.
    rows = [("상품합계", "69,900"), ("에누리", "-5,400"), ("결제금액", "64,500"), ("포인트사용", "1,900"),
            ("카드", "62,600"), ("승인번호", "98121418")]
    lines = [TextLine("가람마트", (100, 0, 220, 26), 0.9),
             TextLine("2025.11.28 06:58:41", (260, 40, 440, 66), 0.9)]
    for i, (label, value) in enumerate(rows):
        y = 100 + 30 * i
        lines.append(TextLine(label, (40, y, 40 + 26 * len(label), y + 26), 0.9))
        lines.append(TextLine(value, (380, y - 17, 380 + 12 * len(value), y + 9), 0.9))
    _, f, _ = parse(lines)
    assert f["total_amount"] == 64500


def test_an_order_page_title_of_a_delivery_app_is_not_the_store():
    _, f, _ = parse(column("가람배달 · 주문상세", "솔빛떡볶이", "주문일시 2025년 3월 14일 18:05",
                           "주문번호 12345678901", "떡볶이 x 1", "결제금액 15,000원"))
    assert f["merchant"] == "솔빛떡볶이"
