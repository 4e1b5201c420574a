"""Amounts whose digits or rows were misread: the checks that still find the paid amount (hand-made OCR
lines; one sample read by the engine)."""

from __future__ import annotations

import ocr
from ocr.parsers import parse
from tests.unit.ocr.ocr_samples import lines, load_sample


def column(*texts, x=20):
    """One line per text, stacked 50 px apart."""
    return lines(*[(t, x, 50 * i) for i, t in enumerate(texts)])


SLIP = ("신용카드 매출전표", "(주)소담국밥", "판매일시 22/04/30 17:07", "순대국 2 52,100", "편육 1 18,000")


def test_the_sale_before_a_discount_checks_the_total_when_its_own_label_is_illegible():
    # '삽개수킹 70,100': 합계수량/금액 misread past any label; 70,100 - 10,500 lands on the labelled total.
    kind, f, c = parse(column(*SLIP, "삽개수킹 70,100", "쿠폰할인 10,500", "청구금액 59,600 원"))
    assert kind == "card_slip" and f["total_amount"] == 59600 and c["total_amount"] >= 0.9


def test_a_sale_less_its_discount_that_lands_on_no_labelled_amount_checks_nothing():
    _, f, c = parse(column(*SLIP, "삽개수킹 70,100", "쿠폰할인 10,500", "청구금액 58,600 원"))
    assert f["total_amount"] == 58600 and c["total_amount"] < 0.9


def test_an_amount_printed_with_a_leading_zero_gives_way_to_a_clean_labelled_one():
    # '069,600' for 59,600: the 0 a sign misread, the 5 read 6; the final amount (its label misread,
    # 정구금액) reads clean.
    _, f, c = parse(column(*SLIP, "쿠폰할인 10,500", "정구금액 59,600 원", "카드결제 069,600"))
    assert f["total_amount"] == 59600 and c["total_amount"] < 0.9


TAXI = ("택시 영수증", "누리택시(주)", "[승차] 2025-03-02 14:41", "[하차] 15:02", "[주행거리] 12.3km",
        "[요금] 18,400원", "[카드결제] 18,400원")


def test_a_taxi_plate_read_on_one_line_is_one_reading_not_a_sure_value():
    kind, f, c = parse(column(*TAXI, "[차량번호] 인천15바4149"))
    assert kind == "taxi_receipt" and f["vehicle_no"] == "인천15바4149"
    assert 0.6 <= c["vehicle_no"] < 0.9


def test_a_taxi_plate_printed_twice_is_sure_and_one_with_a_letter_no_taxi_carries_is_doubtful():
    _, f, c = parse(column(*TAXI, "[차량번호] 인천15바4140", "인천15바4140 기사 홍길동"))
    assert f["vehicle_no"] == "인천15바4140" and c["vehicle_no"] >= 0.9
    _, f, c = parse(column(*TAXI, "[차량번호] 경북55버1578"))
    assert f["vehicle_no"] == "경북55바1578" and c["vehicle_no"] < 0.6


def test_on_a_skewed_ticket_the_fare_less_the_discount_says_which_amount_is_the_total():
    # A hard photo of a bus receipt, its rows slanting: 할인 and 합계 sit nearer the next row's amount. The
    # three printed amounts that make fare - discount = total say which belongs to which label.
    data, exp = load_sample("s_bus_receipt_5_hard.jpg")
    got = ocr.extract(data, "s_bus_receipt_5_hard.jpg")
    assert got.fields["total_amount"] == exp["fields"]["total_amount"]
    assert got.fields["fare"] - got.fields["discount"] == got.fields["total_amount"]


POINTS = ("신용카드 매출전표", "[판매처] 푸른숲반찬가게", "[거래일시] 2024.09.24 09:56:42",
          "된장찌개 1 34,600")


def test_a_bracket_and_won_sign_read_as_digits_before_the_total_give_way_to_the_amount_printed_elsewhere():
    # '[청구금액]\34,600' read '[청구금액1434,600' on a crumpled photo: more digits than a thousands group
    # holds; its tail 34,600 is printed on the order line. The tail was chosen by that line: unsure.
    _, f, c = parse(column(*POINTS, "[주문금액] 34,600", "[청구금액1434,600", "[적립금 사용]500",
                           "[승인금액]\\34,100"))
    assert f["total_amount"] == 34600 and c["total_amount"] < 0.6


def test_digits_before_a_thousands_group_are_kept_when_no_line_or_more_than_one_tail_is_printed():
    _, f, _ = parse(column(*POINTS[:3], "[청구금액1434,600", "[승인금액]\\34,100"))
    assert f["total_amount"] != 34600
    _, f, c = parse(column(*POINTS, "[청구금액1434,600", "봉사료 434,600"))
    assert f["total_amount"] != 434600 and c["total_amount"] < 0.6
