"""Rules drawn from the foreign generator's dev seeds 6161 and 7272: a taxi's call fee in the paid sum, the
cash handed over and its change, a card's name before its last digits, a grid's header row, an English
gloss before a misread label, a year's 2 read 7, keywords inside other kinds' words, and a dotted slip over a
barcode. Hand-made lines, and a generated dotted slip read by the real engine."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from ocr import extract
from ocr.engines import detector
from ocr.model import TextLine
from ocr.parsers import merchant, names, parse
from ocr.parsers.confidence import SURE
from ocr.parsers.layout import Doc
from tests.unit.ocr.ocr_samples import SAMPLES, lines


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


def test_a_label_beside_another_bare_label_reads_its_value_under_it_not_the_next_header():
    # A paper ticket's grid: 출발역 | 열차 | To over the values; 'To' read as '10'.
    got = lines(("승차권 겸 영수증", 200, 0), ("24.04.18 21:26", 200, 60),
                ("출발역", 20, 120), ("열차", 400, 120), ("10", 800, 120),
                ("청평", 20, 170), ("ITX-ㅡ청춘", 400, 170), ("남춘천", 800, 170), ("2007", 400, 220),
                ("운임 : 4,600 원", 20, 300), ("결제금액 : 4,600", 20, 350))
    _, f, _ = parse(got)
    assert f["vehicle_no"] == "2007"


def test_a_misread_label_after_its_english_gloss_is_still_found():
    got = lines(("승차권 영수증 / TICKET RECEIPT", 100, 0), ("Date 승차일 : 25/02/03", 20, 50),
                ("7310 열차 : KTX-산천 208", 20, 100), ("From 출발 : 진주", 20, 150),
                ("16 도작 : 진영", 20, 200), ("Total 합계 : 12,100", 20, 250))
    _, f, _ = parse(got)
    assert f["arrival"] == "진영" and f["total_amount"] == 12100


def test_a_year_whose_2_was_read_7_is_put_back_unsure():
    got = lines(("KORAIL 승차권", 100, 0), ("7024/07/23 17:33", 100, 50), ("천안아산", 20, 100),
                ("SRT 653", 300, 100), ("공주", 600, 100), ("운임", 20, 150), ("9,100", 500, 150))
    _, f, c = parse(got)
    assert f["date"] == "2024-07-23" and c["date"] < SURE


def test_a_keyword_inside_another_kinds_longer_keyword_speaks_for_that_kind():
    # 차번 (a taxi's plate label) inside a bus ticket's 배차번호; 고속 inside a toll's 고속도로.
    kind, _, _ = parse(slip(("출발일자", "20250830"), ("배차번호", "2967"), ("구분", "일반"),
                            title="승차권"))
    assert kind == "bus_ticket"
    kind, _, _ = parse(slip(("진입", "기흥TG"), ("진출", "부산TG"), ("일시", "12 DEC 2024 11:43:05"),
                            ("통행료", "\\2,700"), ("결제수단", "현금"), title="고속도로 통행료 영수증"))
    assert kind == "card_slip"


def test_a_name_ending_in_a_listed_station_keeps_its_last_syllable():
    doc = Doc(lines(("스테이인 광주송정", 20, 0), ("서울특별시 종로구 율곡로 12", 20, 50)))
    assert merchant._branch_misread(doc, "스테이인 광주송정") is None  # not 광주송점


def test_an_address_whose_house_number_the_phone_was_cut_with_is_no_name():
    got = lines(("CITY SQUARE HOTEL YEOSU", 20, 0), ("세종특별자치시 보듬3로 130 161 1544-7790", 20, 50),
                ("Reg. No. 633-01-99027", 20, 100), ("GUEST FOLIO", 20, 150), ("Guest", 20, 200),
                ("한은지", 600, 200), ("Departure", 20, 250), ("2025-03-15", 600, 250),
                ("TOTAL", 20, 300), ("KRW 315,000", 600, 300))
    got[0] = TextLine(got[0].text, got[0].box, got[0].conf, got[0].text)  # a Latin line's `eng` reading
    _, f, _ = parse(got)
    assert f["merchant"] == "CITY SQUARE HOTEL YEOSU"


def test_latin_letters_of_a_name_read_small_or_as_digits_are_put_back():
    assert names.repair("cuKTX천안아산역점") == ("CUKTX천안아산역점", True)
    assert names.repair("옛날짜장 K7×천안아산역점") == ("옛날짜장 KTX천안아산역점", True)
    assert names.repair("Josun Palace") == ("Josun Palace", False)


@pytest.fixture()
def gen(monkeypatch):
    """The widened generator's modules (sample_receipts/)."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import photo
    import wide_docs
    import wide_layout
    import widened
    return photo, wide_docs, wide_layout, widened


def test_a_dotted_slip_over_a_barcode_is_judged_by_its_letters_not_the_bars(gen):
    photo, docs, layout, widened = gen
    rng = random.Random(26)
    slip = layout.Slip(layout.random_style(rng, paper="58mm", thermal=True), rng)
    meta = docs.terminal(slip, rng)
    page = widened._bgr(slip.finish())
    h, w = page.shape[:2]
    bars, bar_rng = [], random.Random(3)
    for _ in range(4):  # four rows of a barcode under the slip
        band = np.full((int(0.12 * h), w, 3), 255, np.uint8)
        x = int(0.08 * w)
        while x < 0.92 * w:
            width = bar_rng.choice([4, 6, 9])
            band[10:-10, x:x + width] = 0
            x += width + bar_rng.choice([8, 11, 14])
        bars.append(band)
    dotted = photo.dotmatrix(np.vstack([page] + bars))
    quads = detector.detect(dotted)
    tall = sum(np.linalg.norm(q[3] - q[0]) >= 2 * np.linalg.norm(q[1] - q[0]) for q in quads)
    assert tall >= 0.3 * len(quads)  # the bars' slivers outvoted the letters before
    assert detector.looks_fragmented(quads)
    got = extract(cv2.imencode(".png", dotted)[1].tobytes(), "dotted.png")
    assert got.document_type == "card_slip"  # unknown before: read undotted, the page was noise
    assert got.fields["date"] == meta["fields"]["date"]
