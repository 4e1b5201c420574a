"""A sure key value resting on one reading of one line is read again (pipeline._vote_values)."""

from __future__ import annotations

import cv2
import numpy as np

from ocr import pipeline
from ocr.engines import lines as engine_lines
from ocr.model import TextLine
from ocr.parsers import confidence as C, parse
from ocr.parsers.text import amounts
from tests.unit.ocr.ocr_samples import load_sample


def _page(name: str) -> tuple[engine_lines.LineEngine, list[TextLine], dict]:
    """A sample read by the line engine (kept, so that it can read lines again), and its expectation."""
    data, exp = load_sample(name)
    engine = engine_lines.LineEngine()
    return engine, engine.read(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)), exp


def test_a_bus_number_misread_once_is_kept_but_reported_unsure_when_its_line_reads_otherwise():
    engine, lines, exp = _page("s_bus_paper_0_clean.jpg")
    right = exp["fields"]["vehicle_no"]
    wrong = right[:-2] + str((int(right[-2]) + 3) % 10) + right[-1]  # one digit misread by the first pass
    page = [TextLine(l.text.replace(right, wrong), l.box, l.conf, l.alt) for l in lines]
    kind, fields, conf = parse(page)
    assert fields["vehicle_no"] == wrong and conf["vehicle_no"] >= C.SURE  # a silent error, before the vote
    pipeline._vote_values(kind, page, engine.reread, fields, conf)
    assert fields["vehicle_no"] == wrong  # the vote never changes a value ...
    assert conf["vehicle_no"] < C.SURE  # ... it highlights one the pixels, cut out again, read otherwise


def test_a_bus_number_its_line_reads_alike_every_time_stays_sure():
    engine, lines, exp = _page("s_bus_paper_0_clean.jpg")
    kind, fields, conf = parse(lines)
    sure = dict(conf)
    pipeline._vote_values(kind, lines, engine.reread, fields, conf)
    assert fields["vehicle_no"] == exp["fields"]["vehicle_no"]
    assert conf == sure and conf["vehicle_no"] >= C.SURE


def test_a_cross_checked_total_is_not_read_again():
    box = lambda i, t: (20, 50 * i, 20 + 28 * len(t), 50 * i + 36)  # noqa: E731
    texts = ("신용카드 매출전표", "가맹점명 해운대 그린모텔", "거래일시 2025-04-09 12:30",
             "공급가액 10,000원", "부가세 1,000원", "합계 11,000원")
    page = [TextLine(t, box(i, t), 0.95) for i, t in enumerate(texts)]
    kind, fields, conf = parse(page)
    assert fields["total_amount"] == 11000
    asked = []
    pipeline._vote_values(kind, page, lambda b, **_: asked.append(b) or [("합계 17,000원", 0.9)],
                          fields, conf)
    total_line = next(l for l in page if l.text.startswith("합계"))
    assert total_line.box not in asked  # supply + VAT = total: a second reading would add nothing
    assert fields["total_amount"] == 11000


def _misread_total(name: str, wrong_of) -> tuple:
    """A sample read by the line engine with its total's line read once as `wrong_of(total text)`."""
    engine, lines, exp = _page(name)
    right = exp["fields"]["total_amount"]
    shown = f"{right:,}"
    line = next(l for l in lines if shown in l.text and C.SURE <= l.conf)
    page = [TextLine(l.text.replace(shown, wrong_of(shown)), l.box, l.conf, l.alt) if l is line else l
            for l in lines]
    return engine, page, right


def test_a_total_read_with_a_digit_added_gives_way_to_what_every_re_reading_of_its_line_says():
    engine, page, right = _misread_total("s_taxi_slip_0_clean.jpg", lambda s: "3" + s)  # a sign read as 3
    kind, fields, conf = parse(page)
    assert fields["total_amount"] == int("3" + str(right)) and conf["total_amount"] >= C.SURE
    pipeline._vote_values(kind, page, engine.reread, fields, conf)
    assert fields["total_amount"] == right  # every re-reading drops the 3: the first reading added it
    assert conf["total_amount"] < C.SURE  # a digit dropped explains it, nothing else backs it: a guess


def test_a_total_misread_once_gives_way_to_the_re_readings_when_supply_and_vat_add_up_to_them():
    def misread(shown: str) -> str:  # one digit read as another
        k = next(i for i, ch in enumerate(shown) if ch.isdigit() and ch != "0")
        return shown[:k] + str((int(shown[k]) + 1) % 10) + shown[k + 1:]
    engine, page, right = _misread_total("s_card_receipt_1_clean.jpg", misread)
    kind, fields, conf = parse(page)
    assert fields["total_amount"] != right
    pipeline._vote_values(kind, page, engine.reread, fields, conf)
    assert fields["total_amount"] == right and C.SURE <= conf["total_amount"] < 0.9


def test_a_total_misread_as_another_printed_amount_is_read_again_and_put_right():
    # The total's line read once as another amount the slip prints (an item's price): two lines print it,
    # but only one of them under a total label, so its line is still read again.
    engine, lines, exp = _page("s_card_terminal_1_clean.jpg")
    right = exp["fields"]["total_amount"]
    shown = f"{right:,}"
    printed = sorted({v for l in lines if shown not in l.text for v in amounts(l.text)
                      if 1000 <= v < right and v % 100 == 0})
    line = next(l for l in lines if shown in l.text)
    wrong = next(v for v in printed if parse(_replaced(lines, line, shown, f"{v:,}"))[1]["total_amount"] == v)
    page = _replaced(lines, line, shown, f"{wrong:,}")
    kind, fields, conf = parse(page)
    assert conf["total_amount"] >= C.SURE  # a silent error before the vote: two lines print the value
    pipeline._vote_values(kind, page, engine.reread, fields, conf)
    assert fields["total_amount"] == right and conf["total_amount"] < 0.9


def _replaced(lines: list[TextLine], line: TextLine, old: str, new: str) -> list[TextLine]:
    """The page with `line` read as its text with `old` replaced by `new`."""
    return [TextLine(l.text.replace(old, new), l.box, l.conf, l.alt) if l is line else l for l in lines]


def test_a_total_whose_line_the_digits_reader_reads_otherwise_gives_way_when_it_was_unsure():
    # The amount's own line read once with a digit misread and faintly (under 0.6): `eng` reading its
    # pixels as digits alone gives the printed amount, which the page takes for the total.
    engine, lines, exp = _page("s_card_terminal_1_clean.jpg")
    right = exp["fields"]["total_amount"]
    shown = f"{right:,}"
    line = next(l for l in lines if l.text.strip() == shown)
    k = next(i for i, ch in enumerate(shown) if ch.isdigit() and ch != "0")
    wrong = shown[:k] + str((int(shown[k]) + 4) % 10) + shown[k + 1:]
    page = [TextLine(wrong, l.box, 0.45, l.alt) if l is line else l for l in lines]
    kind, fields, conf = parse(page)
    assert fields["total_amount"] == int(wrong.replace(",", ""))
    conf["total_amount"] = min(conf["total_amount"], 0.45)
    pipeline._vote_digits(kind, page, engine.read_digits, fields, conf)
    # The slip's supply + VAT land on the digits reading: one clean reading's worth, never sure.
    assert fields["total_amount"] == right and conf["total_amount"] <= pipeline.REPLACED


def test_the_digits_reader_reads_the_amount_word_of_a_labelled_line():
    # '결제금액 42,500원 (일시불)' read once with a digit misread: the amount's word, cut out between the
    # blank columns round it, is read by `eng` as digits alone ('42,5002': its 원 read as one more digit).
    engine, lines, exp = _page("s_card_receipt_0_clean.jpg")
    right = exp["fields"]["total_amount"]
    shown = f"{right:,}"
    line = next(l for l in lines if shown in l.text and l.text.split()[0] != shown)
    wrong = shown[:-5] + str((int(shown[-5]) + 5) % 10) + shown[-4:]
    # The slip's other lines printing the amount are left out, as if lost: this line is its one witness.
    page = [TextLine(l.text.replace(shown, wrong), l.box, 0.45, l.alt) if l is line else l for l in lines
            if l is line or shown not in l.text]
    kind, fields, conf = parse(page)
    assert fields["total_amount"] == int(wrong.replace(",", ""))
    pipeline._vote_digits(kind, page, engine.read_digits, fields, conf)
    assert fields["total_amount"] == right and conf["total_amount"] <= pipeline.REPLACED
