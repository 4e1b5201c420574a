"""The parser on lines as dot-matrix, faded and blurred photos give them: keywords with a syllable misread,
a taxi receipt told by its plate and distance, ticket places whose labels were lost. Hand-made OCR lines,
no engine."""

from __future__ import annotations

from ocr.parsers import parse
from tests.unit.ocr.ocr_samples import lines as shared_lines


def lines(*rows):
    """Lines read at 0.8, as a degraded page gives them."""
    return shared_lines(*rows, conf=0.8)


def test_a_dot_matrix_slip_with_a_syllable_misread_in_each_keyword_is_a_card_slip():
    # As the engine read a dot-matrix terminal slip: 매출전표 as 매즐전표, 승인금액 as 숲인금액.
    kind, f, c = parse(lines(("카드 매즐전표", 300, 0), ("판애처 : 바다주유소", 20, 60),
                             ("거래일자 : 2022.01.24 10:49", 20, 110), ("할부 : 일시들", 20, 160),
                             ("판매금액 ; 55,727", 20, 220), ("부가가치세 ! 5,573", 20, 270),
                             ("숲인금액 : 61,300원", 20, 320)))
    assert kind == "card_slip"  # `unknown` before: no keyword was within one letter
    assert f["total_amount"] == 61300


def test_a_menu_with_one_misread_keyword_still_gets_no_amount():
    kind, f, _ = parse(lines(("오늘의 메뉴", 200, 0), ("김치찌개 9,000", 20, 60), ("된장찌개 8,500", 20, 110),
                             ("결체금역 안내", 20, 160)))
    assert kind == "unknown" and f["total_amount"] is None


def test_a_taxi_receipt_is_told_by_its_plate_and_distance_not_taken_for_a_card_slip():
    kind, f, _ = parse(lines(("영수증", 250, 0), ("(주)새술교통", 240, 50), ("차량번호", 20, 100),
                             ("돌산 22사4459", 300, 100), ("거 리", 20, 150), ("16.9km", 380, 150),
                             ("승차일시", 20, 200), ("2023/05/14 14:45", 300, 200), ("사업자", 20, 250),
                             ("하 차", 20, 275), ("운 임", 20, 300), ("29,800", 370, 300), ("합 계", 20, 350),
                             ("29,800", 370, 350)))
    assert kind == "taxi_receipt"  # a card slip before: 영수증, 합계, 사업자 outweighed 하차 alone
    assert f["total_amount"] == 29800


def test_two_terminals_stacked_under_illegible_labels_are_departure_then_arrival_reported_unsure():
    kind, f, c = parse(lines(("고속버스 승차권", 200, 0), ("승가", 20, 60), ("언양러미널", 450, 64),
                             ("하가", 20, 100), ("옥천터미널", 450, 104), ("버스변호", 20, 140),
                             ("9903", 510, 140), ("2022-03-28 19:08", 380, 180), ("결제금액", 20, 240),
                             ("12,800", 480, 240)))
    assert kind == "bus_ticket"
    assert (f["departure"], f["arrival"]) == ("언양", "옥천")
    assert c["arrival"] < 0.6  # the order alone said which is which: shown for the traveller to check


def test_a_label_one_letter_off_is_the_longest_label_it_is_near_not_a_shorter_one():
    # 출발터미널 read 줄발터미널 on a faded ticket: taken for 출발, the value was '터미널 : 사상터미널'.
    kind, f, _ = parse(lines(("시외버스 승차권", 150, 0), ("줄발터미널 : 사상터미널", 50, 60),
                             ("도착터미널 : 진도", 50, 100), ("결제금액 : 20,100 원", 50, 300)))
    assert kind == "bus_ticket"
    assert (f["departure"], f["arrival"]) == ("사상", "진도")


def test_a_stacked_arrival_completes_a_departure_its_label_gave():
    # Letter-spaced labels read one letter a box: only 출발터미널 legible, its value and the arrival below it.
    kind, f, c = parse(lines(("시외버스 승차권", 130, 0), ("경주", 380, 108), ("출발터미널", 44, 112),
                             ("오산터미널", 322, 140), ("도", 43, 139), ("자", 45, 167),
                             ("2024년 4월 18일 22:12", 196, 217), ("승차일시", 43, 217),
                             ("11,400", 349, 345), ("영수금액", 46, 346)))
    assert kind == "bus_ticket"
    assert (f["departure"], f["arrival"]) == ("경주", "오산")
    assert c["arrival"] < 0.6
