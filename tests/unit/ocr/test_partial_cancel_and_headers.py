"""Totals after a partial cancellation, column headers that are no total, folio dates (hand-made lines)."""

from __future__ import annotations

import numpy as np

from ocr import preprocess as pp
from ocr.parsers import parse
from tests.unit.ocr.ocr_samples import lines


def column(*texts, x=20):
    """One line per text, stacked 50 px apart."""
    return lines(*[(t, x, 50 * i) for i, t in enumerate(texts)])


def test_the_amount_left_after_a_partial_cancellation_is_the_total():
    kind, f, _ = parse(lines(("신용카드 승인", 100, 0), ("판매처", 20, 50),
                             ("참맛반찬가게 정부청사점", 300, 50), ("판매일시", 20, 100),
                             ("2026-08-28 07:27", 300, 100), ("판매금액", 20, 150), ("206,000", 400, 150),
                             ("부가세", 20, 200), ("20,600", 400, 200), ("승인금액", 20, 250),
                             ("226,600원", 400, 250), ("부분취소", 20, 300), ("-51,600", 400, 300),
                             ("잔여승인금액", 20, 350), ("175,000", 400, 350)))
    assert kind == "card_slip"
    assert f["total_amount"] == 175000


def test_a_column_header_over_an_item_price_does_not_confirm_the_amount_before_a_discount():
    _, f, c = parse(lines(("영수증", 100, 0), ("가맹점명 : 참맛순대국 원주점", 20, 50),
                          ("판매일시 : 26.01.26 15:08:24", 20, 100), ("수량", 300, 150), ("금액", 400, 150),
                          ("우유", 20, 200), ("2", 300, 200), ("17,800", 400, 200),
                          ("판매금액 : 17,800", 20, 250), ("제휴할인 : -1,100", 20, 300),
                          ("포인트 결제 : 900", 20, 350)))
    assert not (f["total_amount"] == 17800 and c["total_amount"] >= 0.6)


def test_a_digit_beside_a_misread_card_number_label_is_no_total():
    _, f, c = parse(lines(("신용카드 매출전표", 100, 0), ("가맹점명", 20, 50), ("고운식당", 300, 50),
                          ("카드 번효", 20, 100), ("7*** **** 7068", 300, 100), ("합 제", 20, 150),
                          ("138,100 원", 300, 150)))
    assert f["total_amount"] != 7
    assert f["total_amount"] is None or f["total_amount"] >= 100


def test_a_hotel_folio_is_dated_by_its_departure():
    _, f, _ = parse(column("HANBIT RESIDENCE", "INFORMATION INVOICE", "[Arrival] 2025-10-19",
                           "[Departure] 2025-10-21", "SUBTOTAL 324,000", "TOTAL KRW 392,000"))
    assert f["date"] == "2025-10-21"


def test_bolder_strokes_darken_a_faint_line_and_a_blank_crop_has_no_ink():
    blank = np.full((76, 300), 255, np.uint8)
    faint = blank.copy()
    faint[30:46, 20:280:6] = 90  # dotted, broken strokes
    assert not pp.has_ink(blank)
    assert (pp.thicken(faint) < 128).sum() > (faint < 128).sum()


def test_the_point_of_sale_label_names_the_merchant_without_the_owner_label_below():
    _, f, _ = parse(lines(("[카드종류] 푸른카드", 20, 0), ("승인일시", 20, 50),
                          ("2022-06-08 13:58:19", 300, 50), ("승인번호", 20, 100), ("20087790", 300, 100),
                          ("[판매처] 소담문구 정부청사점", 20, 150), ("대표", 20, 200), ("신성민", 300, 200),
                          ("총결제금액 12,000원", 20, 250)))
    assert f["merchant"] == "소담문구 정부청사점"


def test_a_ticket_paid_amount_below_the_fare_with_no_discount_read_is_not_sure():
    kind, f, c = parse(lines(("승차권 구매내역", 100, 0), ("여행일", 20, 50), ("2026-09-18 10:20", 300, 50),
                             ("KTX 224 단양 청량리", 20, 100), ("운임요금", 20, 150), ("24,800", 400, 150),
                             ("승차권 금액", 20, 200), ("2,800 원", 400, 200)))
    assert kind == "rail_ticket"
    assert f["total_amount"] is None or f["total_amount"] == 24800 or c["total_amount"] < 0.6
