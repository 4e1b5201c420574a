"""A date in doubt is read by a second recogniser that shares nothing with Tesseract (engines/pprec.py,
pipeline._vote_date)."""

from __future__ import annotations

import cv2
import numpy as np

from ocr import pipeline
from ocr.engines import lines as engine_lines, pprec
from ocr.model import TextLine
from ocr.parsers import confidence as C, dates as D, parse
from tests.unit.ocr.test_value_vote import _page as _read


def _page(name: str) -> tuple[engine_lines.LineEngine, list[TextLine], str]:
    """A sample read by the line engine (kept, so that it can cut its lines out again), and its date."""
    engine, lines, exp = _read(name)
    return engine, lines, exp["fields"]["date"]


def _date_line(lines: list[TextLine], iso: str) -> TextLine:
    return next(l for l in lines if iso in {d for d, _ in D._in_text(l.text)})


def _misread_month(iso: str) -> str:
    """The date with its month's last digit misread (06 -> 09, 09 -> 03)."""
    y, m, d = iso.split("-")
    wrong = {"6": "9", "9": "3", "3": "8", "8": "3", "1": "7", "7": "1"}.get(m[1], "3")
    return f"{y}-{m[0]}{wrong}-{d}"


def test_the_second_recogniser_reads_a_slips_date_line_as_printed():
    engine, lines, iso = _page("s_card_receipt_0_clean.jpg")
    line = _date_line(lines, iso)
    text, conf = engine.read_other(line.box)
    assert iso in {d for d, _ in D._in_text(text)} and conf > 0.5


def test_a_recogniser_without_hangul_reads_digits_and_latin_of_a_cut_out_line():
    # Drawn here: the model's alphabet has no Hangul, but dates, amounts and codes are what it is for.
    line = np.full((76, 420), 255, np.uint8)
    cv2.putText(line, "2024-11-30 12:36", (10, 52), cv2.FONT_HERSHEY_SIMPLEX, 1.3, 0, 3)
    text, conf = pprec.read_line(line)
    assert text.replace(" ", "") == "2024-11-3012:36" and conf > 0.8


def test_an_unsure_date_both_tesseract_readings_misread_alike_gives_way_to_the_other_reader():
    engine, lines, iso = _page("s_card_receipt_0_clean.jpg")
    line = _date_line(lines, iso)
    wrong = _misread_month(iso)
    shown = lambda t: t.replace(iso, wrong).replace(iso.replace("-", "."), wrong.replace("-", "."))  # noqa: E731
    page = [TextLine(shown(l.text), l.box, 0.5, shown(l.alt) if l.alt else None) if l is line else l
            for l in lines]
    kind, fields, conf = parse(page)
    assert fields["date"] == wrong and conf["date"] < pipeline.OTHER_READ_BELOW
    pipeline._vote_date(kind, page, engine.read_other, fields, conf)
    assert fields["date"] == iso and conf["date"] < C.SURE  # two readers disagree: the traveler checks


def test_a_date_the_other_reader_reads_alike_is_left_as_it_was():
    engine, lines, iso = _page("s_card_receipt_0_clean.jpg")
    kind, fields, conf = parse(lines)
    assert fields["date"] == iso
    before = dict(conf)
    pipeline._vote_date(kind, lines, engine.read_other, fields, conf)
    assert fields["date"] == iso and conf == before


def test_a_date_reported_sure_beyond_doubt_is_not_read_again():
    engine, lines, iso = _page("s_card_receipt_0_clean.jpg")
    kind, fields, conf = parse(lines)
    conf["date"] = pipeline.OTHER_READ_BELOW
    asked = []
    pipeline._vote_date(kind, lines, lambda box: asked.append(box) or ("2020-01-01", 0.99), fields, conf)
    assert asked == [] and fields["date"] == iso


def test_a_page_with_no_date_read_takes_the_one_the_other_reader_reads_on_a_date_line():
    # The date line read by Tesseract with its zeros as Hangul letters ('2ㅇ25-ㅇ1-ㅇ6'; as Latin O the
    # parser puts them back itself), and its cut-outs read again giving nothing: the second recogniser,
    # reading the pixels, gives the date, under 0.6 (one reader's word).
    engine, lines, iso = _page("s_card_receipt_0_clean.jpg")
    line = _date_line(lines, iso)
    page = [TextLine(l.text.replace(iso, iso.replace("0", "ㅇ")), l.box, 0.4, None) if l is line else l
            for l in lines]
    kind, fields, conf = parse(page)
    assert fields.get("date") is None
    pipeline._reread_date(page, lambda box, **_: [], fields, conf, engine.read_other)
    assert fields["date"] == iso and conf["date"] < C.SURE
    fields.pop("date")
    pipeline._reread_date(page, lambda box, **_: [], fields, conf)  # without the other reader: none
    assert fields.get("date") is None


def test_a_bus_number_misread_once_gives_way_to_the_other_readers_digits_unsure():
    engine, lines, exp = _read("s_bus_paper_0_clean.jpg")
    right = exp["fields"]["vehicle_no"]
    wrong = right[:-2] + str((int(right[-2]) + 3) % 10) + right[-1]  # one digit misread (2825 as 2855)
    page = [TextLine(l.text.replace(right, wrong), l.box, l.conf, l.alt) for l in lines]
    kind, fields, conf = parse(page)
    assert fields["vehicle_no"] == wrong and C.SURE <= conf["vehicle_no"] < pipeline.OTHER_READ_BELOW
    pipeline._vote_number(kind, page, engine.read_other, fields, conf)
    assert fields["vehicle_no"] == right and conf["vehicle_no"] < C.SURE


def test_a_bus_number_read_with_a_digit_lost_is_reported_unsure_when_the_other_reader_reads_it_whole():
    engine, lines, exp = _read("s_bus_paper_0_clean.jpg")
    right = exp["fields"]["vehicle_no"]
    page = [TextLine(l.text.replace(right, right[:-1]), l.box, l.conf, l.alt) for l in lines]  # faded: 948
    kind, fields, conf = parse(page)
    assert fields["vehicle_no"] == right[:-1] and C.SURE <= conf["vehicle_no"] < pipeline.OTHER_READ_BELOW
    pipeline._vote_number(kind, page, engine.read_other, fields, conf)
    assert fields["vehicle_no"] == right[:-1] and conf["vehicle_no"] < C.SURE


def test_a_bus_number_the_other_reader_reads_alike_stays_as_sure_as_it_was():
    engine, lines, exp = _read("s_bus_paper_0_clean.jpg")
    kind, fields, conf = parse(lines)
    before = dict(conf)
    pipeline._vote_number(kind, lines, engine.read_other, fields, conf)
    assert fields["vehicle_no"] == exp["fields"]["vehicle_no"] and conf == before


def test_a_number_on_a_line_the_other_reader_reads_as_letters_is_reported_unsure():
    # 'To' read '10' by Tesseract beside a 'From' header: the second reader sees no digit on the line.
    line = np.full((76, 150), 255, np.uint8)
    cv2.putText(line, "To", (15, 54), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 0, 3)
    text, _ = pprec.read_line(line)
    assert not any(ch.isdigit() for ch in text)
    page = [TextLine("KTX 승차권", (20, 20, 260, 56), 0.95), TextLine("열차번호", (20, 80, 200, 116), 0.95),
            TextLine("10", (220, 80, 300, 116), 0.9)]
    kind, fields, conf = parse(page)
    assert fields.get("vehicle_no") == "10" and conf["vehicle_no"] >= C.SURE
    pipeline._vote_number(kind, page, lambda box: (text, 0.99), fields, conf)
    assert conf["vehicle_no"] < C.SURE
