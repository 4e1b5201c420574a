"""What real receipts print that the samples did not, read by the real engine on slips drawn with the
project's templates: 최종 ('final') before a total's label names the amount paid (최종금액, 최종 합계 under
합계); an unsure total two readers of three read alike is kept."""

from __future__ import annotations

import io

import pytest

from ocr import extract, pipeline
from ocr.model import TextLine
from ocr.parsers import confidence as C, parse
from ocr.parsers.text import amounts
from tests.unit.ocr.ocr_samples import SAMPLES
from tests.unit.ocr.test_value_vote import _page


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


def test_an_unsure_total_the_second_recogniser_reads_as_first_read_is_kept_against_the_digits_reader():
    # A taxi's '21,000' read faintly (unsure) and right, the `eng` digits reader reading '27,000': with
    # nothing to check either, the second recogniser reading the line as first read makes two readers to
    # one, and the value stays (before, the digits reading replaced it: a right total made wrong).
    engine, lines, exp = _page("s_card_terminal_1_clean.jpg")
    right = exp["fields"]["total_amount"]
    shown = f"{right:,}"
    line = next(l for l in lines if l.text.strip() == shown)
    # The slip's parts (supply, VAT) left out, as if lost: nothing checks the total, one line gives it.
    page = [TextLine(l.text, l.box, 0.45 if l is line else l.conf, l.alt) for l in lines
            if l is line or not amounts(l.text)]
    kind, fields, conf = parse(page)
    assert fields["total_amount"] == right
    conf["total_amount"] = min(conf["total_amount"], 0.45)
    k = next(i for i, ch in enumerate(shown) if ch.isdigit() and ch != "0")
    misread = shown[:k] + str((int(shown[k]) + 6) % 10) + shown[k + 1:]
    assert engine.read_digits(line.box) is not None  # the digits reader reads this line; here it misreads:
    digits = lambda box, word=0: misread if box == line.box else engine.read_digits(box, word)  # noqa: E731
    alone = dict(fields), dict(conf)
    pipeline._vote_digits(kind, page, digits, *alone)
    assert alone[0]["total_amount"] == int(misread.replace(",", ""))  # one reader's digits took it
    pipeline._vote_digits(kind, page, digits, fields, conf, engine.read_other)
    assert fields["total_amount"] == right and conf["total_amount"] < C.SURE
