"""The item rows' sum as a second signal for a receipt's total: every item row legible (unit price x quantity
= amount where printed) and their sum read under a total label backs it as supply + VAT does; many legible
item rows adding up to a sum one digit from the total read, the gap printed nowhere, make it unsure (the
total stays as read); a payment line of another amount keeps the sum from backing the sale. The real
engine on receipts drawn with the project's templates."""

from __future__ import annotations

import io

from ocr import extract
from ocr.parsers.confidence import SURE


def _receipt(templates, items: list[tuple[str, int, int]], rows: list[tuple[str, str]]) -> bytes:
    """PNG bytes of a shop receipt: its item rows (name, quantity, unit price), then these amount rows."""
    p = templates.Page(640, 380 + 48 * (len(items) + len(rows)), face="gothic")
    p.center("영수증", 28, bold=True)
    p.row("상호", "솔빛분식", 24)
    p.row("거래일시", "2025-03-14 12:05", 22)
    p.text(40, "품명", 22)
    p.text(360, "수량", 22, anchor="ra")
    p.text(480, "단가", 22, anchor="ra")
    p.row("", "금액", 22)
    for name, qty, unit in items:
        p.text(40, name, 24)
        p.text(360, str(qty), 24, anchor="ra")
        p.text(480, f"{unit:,}", 24, anchor="ra")
        p.row("", f"{qty * unit:,}", 24)
    for label, value in rows:
        p.row(label, value, 24)
    out = io.BytesIO()
    p.crop().save(out, format="PNG")
    return out.getvalue()


ITEMS = [("김치찌개", 2, 8000), ("계란말이", 1, 9500), ("공기밥", 3, 1000), ("콜라", 2, 2000)]  # 32,500


def test_item_rows_adding_up_to_the_total_make_it_sure(templates):
    got = extract(_receipt(templates, ITEMS, [("합계", "32,500")]), "receipt.png")
    assert got.fields["total_amount"] == 32500
    assert got.confidence["total_amount"] >= 0.9  # 0.55 before: one faint labelled line, no second signal


def test_a_total_one_digit_off_the_item_rows_sum_is_unsure_and_kept_as_read(templates):
    rows = [("합계", "38,500"), ("카드결제", "38,500")]
    got = extract(_receipt(templates, ITEMS, rows), "receipt.png")
    assert got.fields["total_amount"] == 38500  # never replaced by the sum
    assert got.confidence["total_amount"] < SURE  # 0.95 before: two lines, a silent error had both misread


def test_a_printed_delivery_fee_explains_the_gap_and_the_total_stays_sure(templates):
    rows = [("배달비", "1,000"), ("합계", "33,500"), ("카드결제", "33,500")]
    got = extract(_receipt(templates, ITEMS, rows), "receipt.png")
    assert got.fields["total_amount"] == 33500 and got.confidence["total_amount"] >= SURE


def test_a_payment_line_of_another_amount_keeps_the_item_rows_sum_from_backing_the_total(templates):
    # The cut between the sale and the payment is on no legible line (a coupon's row lost): the rows' sum
    # under 합계 is the sale before it, not what was paid, so it backs nothing.
    rows = [("합계", "32,500"), ("결제금액", "29,500")]
    got = extract(_receipt(templates, ITEMS, rows), "receipt.png")
    assert got.fields["total_amount"] == 29500
    assert got.confidence["total_amount"] < SURE  # 32,500 at 0.95 without the payment line's guard


def test_a_printed_cut_explains_the_payment_line_and_it_is_sure(templates):
    rows = [("합계", "32,500"), ("할인", "-3,000"), ("결제금액", "29,500")]
    got = extract(_receipt(templates, ITEMS, rows), "receipt.png")
    assert got.fields["total_amount"] == 29500 and got.confidence["total_amount"] >= SURE
