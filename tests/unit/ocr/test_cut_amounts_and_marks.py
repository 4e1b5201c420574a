"""Hard photos' misreads the pages themselves give away: an amount whose last digits were lost ('56,70'),
a total only another recogniser reads right, a date whose slashes were read as 1s, the company mark (주)
read a stroke off. The samples are read by the real engine; the misread is put into the line Tesseract
read, and the engine's other readers read the line's pixels again."""

from __future__ import annotations

import cv2
import numpy as np

from ocr import pipeline
from ocr.engines import pprec
from ocr.model import TextLine
from ocr.parsers import confidence as C, parse
from tests.unit.ocr.test_value_vote import _page


def _cut(name: str):
    """A sample read by the engine with its total's last digit lost on the line printing it alone or
    after its label."""
    engine, lines, exp = _page(name)
    right = exp["fields"]["total_amount"]
    shown = f"{right:,}"
    line = next(l for l in lines if l.text.rstrip(" 원").endswith(shown))
    page = [TextLine(l.text.replace(shown, shown[:-1]), l.box, l.conf, l.alt) if l is line else l
            for l in lines]
    return engine, page, line, right


def test_an_amount_read_with_its_last_digit_lost_is_read_whole_by_the_other_reader():
    for name in ("s_card_terminal_1_clean.jpg", "s_taxi_slip_0_clean.jpg"):
        engine, page, line, right = _cut(name)
        kind, fields, conf = parse(page)
        assert fields["total_amount"] != right  # '177,10' read as 177, or the total passed over
        mended = pipeline._mend_cut_amounts(kind, page, engine.read_other, fields, conf)
        assert fields["total_amount"] == right and conf["total_amount"] <= pipeline.REPLACED, name
        assert str(right)[-3:] in next(l for l in mended if l.box == line.box).text.replace(",", "")


def test_a_cut_amount_the_other_reader_reads_with_other_digits_is_left_as_it_was():
    # The rail ticket's '영수금액 : 69,90원': the second recogniser reads '：9,900' there, no amount
    # opening with the digits Tesseract read, so nothing is mended.
    engine, page, _, right = _cut("s_rail_paper_0_clean.jpg")
    kind, fields, conf = parse(page)
    before = (dict(fields), dict(conf))
    assert pipeline._mend_cut_amounts(kind, page, engine.read_other, fields, conf) == page
    assert (fields, conf) == before


def test_an_amount_whose_last_zeros_were_read_as_letters_is_mended_too():
    engine, page, line, right = _cut("s_card_terminal_1_clean.jpg")
    page = [TextLine(l.text.replace(f"{right:,}"[:-1], f"{right:,}"[:-2] + "(X)"), l.box, l.conf, l.alt)
            if l.box == line.box else l for l in page]  # '177,1(X)' for 177,100
    kind, fields, conf = parse(page)
    assert fields["total_amount"] != right
    pipeline._mend_cut_amounts(kind, page, engine.read_other, fields, conf)
    assert fields["total_amount"] == right and conf["total_amount"] <= pipeline.REPLACED


def test_an_unsure_total_alone_on_its_line_gives_way_to_the_other_readers_digits():
    # A crumpled taxi slip's '54,500' read '34,500' faintly; `eng` reading digits alone gives nothing
    # usable (no model here, or a digit more): the second recogniser's reading of the line decides.
    engine, lines, exp = _page("s_card_terminal_1_clean.jpg")
    right = exp["fields"]["total_amount"]
    shown = f"{right:,}"
    line = next(l for l in lines if l.text.strip() == shown)
    wrong = str((int(shown[0]) + 2) % 10 or 4) + shown[1:]
    page = [TextLine(wrong, l.box, 0.45, l.alt) if l is line else l for l in lines]
    kind, fields, conf = parse(page)
    assert fields["total_amount"] == int(wrong.replace(",", ""))
    conf["total_amount"] = min(conf["total_amount"], 0.45)
    pipeline._vote_digits(kind, page, lambda box, word=0: None, fields, conf)
    assert fields["total_amount"] != right  # without the other reader, nothing reads it otherwise
    pipeline._vote_digits(kind, page, lambda box, word=0: None, fields, conf, engine.read_other)
    # The slip's supply + VAT land on the other reader's digits: one clean reading's worth, never sure.
    assert fields["total_amount"] == right and conf["total_amount"] <= pipeline.REPLACED


DATE_BOX = (220, 136, 410, 181)


def test_a_short_date_whose_slashes_were_read_as_ones_is_taken_from_the_other_reader():
    # A crumpled slip's '24/12/18 21:10:58', read '24112118 21:10:58' by Tesseract at every cut-out: no
    # date. The second recogniser reads the slashes; its reading holds fewer digits than Tesseract's
    # only by the separators Tesseract read as 1s.
    drawn = np.full((76, 560), 255, np.uint8)
    cv2.putText(drawn, "24/12/18 21:10:58", (10, 52), cv2.FONT_HERSHEY_SIMPLEX, 1.3, 0, 3)
    text, sure = pprec.read_line(drawn)
    assert "24/12/18" in text
    page = [TextLine("신용승인", (150, 10, 270, 60), 0.9), TextLine("매장명", (10, 80, 90, 118), 0.94),
            TextLine("온누리베이커리", (260, 80, 410, 127), 0.93),
            TextLine("거래일시", (10, 135, 110, 178), 0.8),
            TextLine("24112118 21:10:58", DATE_BOX, 0.64),
            TextLine("승인금액", (15, 380, 120, 424), 0.75), TextLine("122,100원", (285, 386, 413, 426), 0.8)]
    kind, fields, conf = parse(page)
    assert kind == "card_slip" and fields["date"] is None
    other = lambda box: (text, sure) if box == DATE_BOX else ("", 0.0)  # noqa: E731 - the line's pixels
    pipeline._reread_date(page, lambda box, **_: [], fields, conf, other)
    assert fields["date"] == "2024-12-18" and conf["date"] < C.SURE


def test_a_date_whose_slashes_were_read_as_ones_is_not_read_as_another_date():
    # '거래일시 2025/03/17 21:22:15' read '2025103117 21:22:15': its first eight digits make 2025-10-31,
    # which was never printed; the slashes put back give the date, a guess (unsure).
    engine, lines, exp = _page("s_card_slip_0_clean.jpg")
    iso = exp["fields"]["date"]
    shown = iso.replace("-", "/")
    page = [TextLine(l.text.replace(shown, shown.replace("/", "1")), l.box, 0.6, None) for l in lines]
    kind, fields, conf = parse(page)
    assert fields["date"] == iso and conf["date"] < C.SURE


def test_the_company_mark_read_a_stroke_off_is_put_back():
    engine, lines, exp = _page("s_card_terminal_2_mild.jpg")
    name = exp["fields"]["merchant"]
    assert name.startswith("(주)")
    for misread in ("(쥐)", "(추)", "(주1"):
        page = [TextLine(l.text.replace("(주)", misread), l.box, l.conf, l.alt) for l in lines]
        _, fields, _ = parse(page)
        assert fields["merchant"] == name, misread
    page = [TextLine(l.text.replace("(주)", "(유)"), l.box, l.conf, l.alt) for l in lines]
    assert parse(page)[1]["merchant"] == "(유)" + name[3:]  # a limited company's mark is no misread
