"""What real receipts print that the samples did not, read by the real engine on slips drawn with the
project's templates: 최종 ('final') before a total's label names the amount paid (최종금액, 최종 합계 under
합계)."""

from __future__ import annotations

import io

import pytest

from ocr import extract
from tests.unit.ocr.ocr_samples import SAMPLES


@pytest.fixture()
def templates(monkeypatch):
    """The sample generator's drawing helpers (sample_receipts/templates.py)."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import templates as module
    return module


def _png(page) -> bytes:
    out = io.BytesIO()
    page.crop().save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("final", ["최종금액", "최종 합계", "최종 승인금액"])
def test_the_amount_under_a_final_label_is_paid_not_the_sum_above_it(templates, final):
    p = templates.Page(600, 900, face="gothic")
    p.center("영수증", 30, bold=True)
    p.center("솔빛분식", 28, bold=True)
    p.row("사업자번호", "214-86-55017", 22)
    p.row("거래일시", "2025-03-14 12:05", 22)
    p.rule()
    p.row("라면", "14,000", 24)
    p.row("김밥", "10,000", 24)
    p.rule()
    p.row("합계", "24,000", 26)
    p.row(final, "21,000", 28, bold=True)
    got = extract(_png(p), "slip.png")
    assert got.document_type == "card_slip"
    assert got.fields["total_amount"] == 21000
    # One line gives it, the sum above gives another: reported, but for the traveler to check.
    assert got.confidence["total_amount"] < 0.9
