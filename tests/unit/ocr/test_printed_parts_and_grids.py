"""Rules drawn from the foreign generator's dev seeds 6161 and 7272: a taxi's call fee in the paid sum, the
cash handed over and its change, a card's name before its last digits, a grid's header row, an English
gloss before a misread label, a year's 2 read 7, keywords inside other kinds' words, and a dotted slip over a
barcode. Hand-made lines, and a generated dotted slip read by the real engine."""

from __future__ import annotations

from ocr.parsers import parse
from ocr.parsers.confidence import SURE
from tests.unit.ocr.ocr_samples import lines


def slip(*rows, title="이용 영수증"):
    """A slip: label at the left, value at the right, one row every 50 px."""
    out = [(title, 100, 0)]
    for i, (label, value) in enumerate(rows, start=1):
        out += [(label, 20, 50 * i), (value, 500, 50 * i)]
    return lines(*out)


def test_a_taxis_call_fee_is_part_of_what_was_paid_not_a_misread_digit():
    rows = (("kakaoT", "택시"), ("이용일시", "2025.06.14 13:24"), ("차량번호", "전남12바1592"),
            ("운임", "\\ 34,600"), ("호출료", "\\3,000"), ("쿠폰할인", "-1,000원"), ("결제금액", "36,600원"))
    kind, f, c = parse(slip(*rows))
    # fare - coupon is 33,600, one digit from 36,600: it was 'repaired' to that, the call fee forgotten.
    assert kind == "taxi_receipt" and f["total_amount"] == 36600 and c["total_amount"] >= SURE


def test_a_won_sign_read_as_a_yen_sign_still_opens_an_amount():
    rows = (("kakaoT", "택시"), ("이용일시", "2025년 3월 2일 21:55"), ("미터요금", "14,200 KRW"),
            ("호출비", "¥W 1,000"), ("쿠폰할인", "-2,000원"), ("결제금액", "¥W13,200"))
    _, f, _ = parse(slip(*rows))
    assert f["total_amount"] == 13200


def test_the_cash_handed_over_less_the_change_is_the_sale():
    rows = (("판매일", "2025년 09월 22일(월)"), ("합계수량/금액", "8 / 24,000"), ("과세 매출", "21,818"),
            ("받은금액(현금)", "30,000"), ("거스름돈", "6,000"))
    _, f, c = parse(slip(*rows, title="홈플러스 영수증"))
    assert f["total_amount"] == 24000 and c["total_amount"] >= SURE


def test_a_cards_name_before_its_last_digits_is_no_amount_even_with_its_letters_read_as_digits():
    _, f, _ = parse(lines(("IBK기업 · 이용내역 상세", 20, 0), ("명동닭갈비 수원영통점", 20, 60),
                          ("80,800원", 20, 120), ("승인일시", 20, 200), ("25.10.21 16:09", 500, 200),
                          ("카드", 20, 250), ("186기업(8175)", 500, 250), ("승인번호", 20, 300),
                          ("15031095", 500, 300)))
    assert f["total_amount"] == 80800
