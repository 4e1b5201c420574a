"""A total read once whose printed VAT (and supply) is the tax of a larger sale one digit from it is no sure
reading (16,600 read for 18,600 beside 공급가액 16,909 + 부가세 1,691); VAT under the total's share is no
sign (tax-free goods are in the total). The real engine on slips drawn with the project's templates."""

from __future__ import annotations

import io

import pytest

from ocr import extract
from ocr.parsers import parse
from ocr.parsers.confidence import SURE, _tax_of_another_sale
from tests.unit.ocr.ocr_samples import lines


def _slip(templates, rows: list[tuple[str, str]]) -> bytes:
    """PNG bytes of a card slip with these amount rows after its header."""
    p = templates.Page(600, 900, face="gothic")
    p.center("신용카드 매출전표", 28, bold=True)
    p.row("가맹점명", "솔빛분식", 24)
    p.row("거래일시", "2025-03-14 12:05", 22)
    p.row("승인번호", "57354963", 22)
    for label, value in rows:
        p.row(label, value, 24)
    out = io.BytesIO()
    p.crop().save(out, format="PNG")
    return out.getvalue()


def test_a_total_the_printed_supply_and_vat_put_one_digit_higher_is_unsure(templates):
    rows = [("공급가액", "16,909"), ("부가세", "1,691"), ("합계", "16,600")]
    got = extract(_slip(templates, rows), "slip.png")
    assert got.fields["total_amount"] == 16600  # the value stays as read; only its claim is lowered
    assert got.confidence["total_amount"] < SURE  # 0.7 before: a silent error had 16,600 been the misread


def test_the_total_the_printed_supply_and_vat_add_up_to_stays_sure(templates):
    rows = [("공급가액", "16,909"), ("부가세", "1,691"), ("합계", "18,600")]
    got = extract(_slip(templates, rows), "slip.png")
    assert got.fields["total_amount"] == 18600 and got.confidence["total_amount"] >= 0.9


def _page(*rows):
    out = [("신용카드 매출전표", 20, 0), ("가맹점명 솔빛분식", 20, 50),
           ("거래일시 2025-04-03 12:09", 20, 100)]
    for i, (label, value) in enumerate(rows):
        out += [(label, 20, 150 + 50 * i), (value, 400, 150 + 50 * i)]
    return lines(*out)


@pytest.mark.parametrize(("vat", "total", "doubted"), [
    ("1,691", "16,600", True),  # the VAT of 18,600, too much for 16,600
    ("1,691", "18,600", False),  # the total's own VAT
    ("1,364", "25,000", False),  # VAT of 15,000 taxable goods: tax-free ones make up the rest
    ("1,691", "18,620", False),  # the tens differ: any amount fits the VAT as closely
])
def test_only_a_vat_too_large_for_the_total_and_fitting_a_sale_one_digit_off_doubts_it(vat, total, doubted):
    _, f, c = parse(_page(("부가세", vat), ("합계", total)))
    assert f["total_amount"] == int(total.replace(",", ""))
    assert (c["total_amount"] < SURE) == doubted


def test_two_printed_lines_agreeing_on_the_total_outweigh_the_tax():
    _, f, c = parse(_page(("공급가액", "16,909"), ("부가세", "1,691"), ("합계", "16,600"),
                          ("승인금액", "16,600")))
    assert f["total_amount"] == 16600 and c["total_amount"] >= SURE
    assert not _tax_of_another_sale(16600, None, None) and not _tax_of_another_sale(23700, 16909, 1691)
