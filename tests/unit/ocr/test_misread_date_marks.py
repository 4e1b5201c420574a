"""A date whose separators or zeros were read as other marks ('2025~04~03', '2025 _ 04 03', '2O25.O4.O3'),
or whose year lost its first digit ('025-04-03'), is put back, unsure, never read as a two-digit year; a
POS transaction number carrying the day of sale as YYMMDD is a second witness of the date read elsewhere.
The real engine on slips drawn with the project's templates, and hand-made lines for the forms the engine
does not produce on a clean drawing."""

from __future__ import annotations

import io

import pytest

from ocr import extract
from ocr.parsers import dates as D, parse
from ocr.parsers.confidence import SURE
from tests.unit.ocr.ocr_samples import lines


def _slip(templates, date_line: str, *, labelled: bool = True, number: str | None = None) -> bytes:
    """PNG bytes of a card slip whose date line is printed as given."""
    p = templates.Page(600, 900, face="gothic")
    p.center("신용카드 매출전표", 28, bold=True)
    p.row("가맹점명", "솔빛분식", 24)
    if labelled:
        p.row("거래일시", date_line, 22)
    else:
        p.line(date_line, 22)
    p.row("승인번호", "57354963", 22)
    p.row("승인금액", "8,000원", 24)
    if number:
        p.line(number, 22)
    out = io.BytesIO()
    p.crop().save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("printed", ["2025_04_03 12:09", "2025~04~03 12:09", "2025:04:03 12:09:11"])
def test_a_date_whose_separators_read_as_other_marks_is_put_back_unsure(templates, printed):
    got = extract(_slip(templates, printed), "slip.png")
    # '2025 _ 04 03 12:09' gave 2004-03-12 (its digits '040312' as a compact date) at 0.55; the others none.
    assert got.fields["date"] == "2025-04-03"
    assert got.confidence["date"] < SURE


def _page(date_text: str, label: str = "거래일시") -> list:
    return lines(("신용카드 매출전표", 20, 0), ("가맹점명 솔빛분식", 20, 50),
                 (f"{label} {date_text}", 20, 100), ("승인금액", 20, 150), ("8,000원", 400, 150))


@pytest.mark.parametrize("read", ["2025.O4.03 12:09", "2O25/O4/O3 12:09", "2025-O4-03 12:09:11",
                                  "2025,04,03 12:09:11", "2025-04~03 12:09:11"])
def test_a_date_read_with_letters_for_its_zeros_or_odd_separators_is_put_back_unsure(read):
    _, f, c = parse(_page(read))
    assert f["date"] == "2025-04-03" and c["date"] < SURE


@pytest.mark.parametrize("read", ["025-04-03 12:09", "12025-04-03 12:09", "202S-04-03 12:09",
                                  "Z025-04-03 12:09", "2025--04-03 12:09"])
def test_a_date_whose_year_lost_its_first_digit_or_took_a_stray_one_is_no_two_digit_year(read):
    # '025-04-0312:09' compacted gave 04-03-12, 2004-03-12, at 0.7 beside its label: a silent error.
    _, f, c = parse(_page(read))
    assert f["date"] == "2025-04-03" and c["date"] < SURE


@pytest.mark.parametrize("read", ["2025~04~03", "2025:04:03", "2025_04_03"])
def test_odd_marks_make_no_date_without_a_date_label_or_a_time(read):
    _, f, _ = parse(_page(read, label="비고"))
    assert f.get("date") is None


def test_odd_marks_make_no_date_long_before_the_receipt_could_be_claimed():
    _, f, _ = parse(_page("2005~04~03 12:09"))
    assert f.get("date") is None  # over PLAUSIBLE_YEARS back: a code, not a day of sale


def test_a_transaction_number_holding_the_day_as_yymmdd_is_a_second_witness(templates):
    # The date printed once, beside no date label the parser knows ('[등록]'): one unlabelled witness.
    line = "[등록] 2025-04-03 12:09"
    alone = extract(_slip(templates, line, labelled=False, number="11020425041100020062"), "slip.png")
    assert alone.fields["date"] == "2025-04-03" and alone.confidence["date"] < SURE
    # The POS's transaction number carries 250403: the date is backed by other pixels.
    backed = extract(_slip(templates, line, labelled=False, number="11020425040300020062"), "slip.png")
    assert backed.fields["date"] == "2025-04-03" and backed.confidence["date"] >= SURE


def test_a_yymmdd_inside_a_number_gives_no_date_and_not_on_the_dates_own_line():
    assert D.short_embedded("11020425040300020062") >= {"2025-04-03"}
    assert D.short_embedded("거래일시 20250403 120911") == set()  # the date's own digits
    assert D.short_embedded("승인번호 25040312") == set()  # eight digits: an approval number, no POS run
    _, f, _ = parse(lines(("신용카드 매출전표", 20, 0), ("승인금액", 20, 50), ("8,000원", 400, 50),
                          ("11020425040300020062", 20, 100)))
    assert f.get("date") is None
