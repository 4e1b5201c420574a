"""Hard photos' misreads past the letter-level label match: a ticket's own order of rows still tells which
value is which (reported unsure), a registration number read with a point is no amount, a total whose
first digit was read as a mark is the sum of printed amounts it ends. Documents are drawn by the widened
generator and read by the real engine; the misread is put into the line Tesseract read."""

from __future__ import annotations

import random
import re

import numpy as np

from ocr.engines import lines as engine_lines
from ocr.model import TextLine
from ocr.parsers import confidence as C, parse
from ocr.parsers.text import amounts
from tests.unit.ocr.ocr_samples import SAMPLES


def _rail_tickets_with_timed_stations(monkeypatch):
    """Rail tickets printing each station and its time beside its label ('출발  상봉 07:10'): (image,
    truth, the departure's label, its value as printed) for each."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import wide_docs
    from wide_layout import Slip, random_style

    for seed in range(300):
        rng = random.Random(seed)
        style = random_style(rng, thermal=True)
        if style.labels == "below":
            continue
        slip = Slip(style, rng)
        drawn = {}
        kv = slip.kv
        slip.kv = lambda label, value, *a, **k: drawn.setdefault(label, value) and kv(label, value, *a, **k)
        meta = wide_docs.rail(slip, rng)
        label = next((l for l in ("출발", "출발역", "승차역") if l in drawn), None)
        if label:
            yield np.ascontiguousarray(np.asarray(slip.finish().convert("RGB"))[:, :, ::-1]), meta, label, \
                drawn[label]


def test_a_departure_whose_label_is_misread_is_the_station_and_time_above_the_arrival_unsure(monkeypatch):
    # '출발' read '출 몰' on a hard photo (two letters off: no label match) and its time '07:10' read
    # '07-10': the arrival is read under its own label, and the one line above it holding another listed
    # station and a time is where the trip starts.
    engine = engine_lines.LineEngine()
    for image, meta, label, printed in _rail_tickets_with_timed_stations(monkeypatch):
        lines = engine.read(image)
        dep = meta["fields"]["departure"]
        kind, fields, _ = parse(lines)
        own = [l for l in lines if l.text.replace(" ", "") == label]
        value = [l for l in lines if l.text == printed]
        if kind == "rail_ticket" and fields["departure"] == dep and len(own) == 1 and len(value) == 1:
            break  # read as printed, the label and the value on lines of their own
    else:
        raise AssertionError("no rail ticket read with its departure label and value apart")
    page = [TextLine("출 몰", l.box, 0.62) if l is own[0]
            else TextLine(printed.replace(":", "-"), l.box, l.conf) if l is value[0] else l for l in lines]
    _, fields, conf = parse(page)
    assert fields["departure"] == dep and conf["departure"] < C.SURE
    assert fields["arrival"] == meta["fields"]["arrival"]
    # Without the arrival's own row below it, the station is not guessed.
    arrival_rows = [l for l in page if meta["fields"]["arrival"] in l.text]
    _, fields, _ = parse([l for l in page if l not in arrival_rows])
    assert fields["departure"] is None


def _refunded_slips(monkeypatch):
    """Card-terminal slips with a partial refund and 최종결제금액 for what is left: (image, truth) each."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import wide_docs
    from wide_layout import Slip, random_style

    for seed in range(400):
        rng = random.Random(seed)
        slip = Slip(random_style(rng, paper="58mm", thermal=True), rng)
        drawn = []
        kv = slip.kv
        slip.kv = lambda label, value, *a, **k: drawn.append(label) or kv(label, value, *a, **k)
        meta = wide_docs.terminal(slip, rng)
        if "최종결제금액" in drawn:
            yield np.ascontiguousarray(np.asarray(slip.finish().convert("RGB"))[:, :, ::-1]), meta


def test_a_registration_number_whose_hyphen_was_read_as_a_point_is_no_amount(monkeypatch):
    # '702-49-56365' read '702.49-56365' on a crumpled slip: 702 was an amount, and a title's 카드 took it
    # for the card's payment.
    engine = engine_lines.LineEngine()
    for image, meta in _refunded_slips(monkeypatch):
        lines = engine.read(image)
        code = [l for l in lines if re.fullmatch(r"\d{3}-\d{2}-\d{5}", l.text.strip())]
        if len(code) == 1 and parse(lines)[1]["total_amount"] == meta["fields"]["total_amount"]:
            break
    else:
        raise AssertionError("no slip read with its registration number")
    misread = TextLine(code[0].text.strip().replace("-", ".", 1), code[0].box, code[0].conf)
    assert amounts(misread.text) == []
    page = [misread if l is code[0] else l for l in lines]
    assert parse(page)[1]["total_amount"] == meta["fields"]["total_amount"]


def _taxi_receipts_with_an_extra(monkeypatch):
    """Taxi receipts with a toll, call fee or surcharge on top of the fare, paid 10,000 won or more:
    (image, truth) each."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import wide_docs
    from wide_layout import Slip, random_style

    for seed in range(400):
        rng = random.Random(seed)
        slip = Slip(random_style(rng, thermal=True), rng)
        drawn = []
        kv = slip.kv
        slip.kv = lambda label, value, *a, **k: drawn.append(label) or kv(label, value, *a, **k)
        meta = wide_docs.taxi(slip, rng)
        paid = meta["fields"]["total_amount"]
        if {"통행료", "콜비"} & set(drawn) and paid >= 10_000 and str(paid)[1] != "0":
            yield np.ascontiguousarray(np.asarray(slip.finish().convert("RGB"))[:, :, ::-1]), meta


def test_a_total_whose_first_digit_was_read_as_a_mark_is_the_fare_plus_its_extra_unsure(monkeypatch):
    # '\\75,800' under 총요금 read '\\/5,800' on a hard photo, the fare 74,300 and the toll 1,500 beside
    # it: the one sum of printed amounts that the read digits end is what was paid.
    engine = engine_lines.LineEngine()
    for image, meta in _taxi_receipts_with_an_extra(monkeypatch):
        lines = engine.read(image)
        paid = meta["fields"]["total_amount"]
        shown = f"{paid:,}"
        total = [l for l in lines if shown in l.text]
        if len(total) == 1 and parse(lines)[1]["total_amount"] == paid:
            break
    else:
        raise AssertionError("no taxi receipt read with its extra and total")
    page = [TextLine(l.text.replace(shown, "/" + shown[1:]), l.box, l.conf) if l is total[0] else l
            for l in lines]
    _, fields, conf = parse(page)
    assert fields["total_amount"] == paid and conf["total_amount"] < C.SURE


def _refunded_slip_read(monkeypatch):
    """A refunded slip read with 최종결제금액 and the sale's label (합계, 승인금액, 총금액) each on one line
    with its amount and the total right: (lines, amount paid, final line, sale line)."""
    engine = engine_lines.LineEngine()
    for image, meta in _refunded_slips(monkeypatch):
        lines = engine.read(image)
        paid = meta["fields"]["total_amount"]
        final = [l for l in lines if l.text.replace(" ", "").startswith("최종결제금액")]
        sale = [l for l in lines if re.match(r"(?:합계|승인금액|총금액)\D*\d", l.text.replace(" ", ""))]
        if (len(final) == 1 and f"{paid:,}" in final[0].text and len(sale) == 1
                and parse(lines)[1]["total_amount"] == paid):
            return lines, paid, final[0], sale[0]
    raise AssertionError("no refunded slip read with its final label")


def test_a_final_label_read_with_its_first_syllables_off_still_names_the_amount_paid(monkeypatch):
    # '최종결제금액' read '희종결제금엑' and the sale's own line lost on a hard photo: only 결제 is read
    # exactly, and that short word shadowed the longer label its head matches letter by letter; the sale
    # the supply and VAT add up to was taken, not what was left after the refund.
    lines, paid, final, sale = _refunded_slip_read(monkeypatch)
    others = [l for l in lines if l is not final and l is not sale]
    misread = TextLine(final.text.replace(" ", "").replace("최종결제금액", "|희종결제금엑| "),
                       final.box, final.conf)
    _, fields, conf = parse(others + [misread])
    assert fields["total_amount"] == paid


def test_the_first_payment_before_a_refund_is_no_misread_final_label(monkeypatch):
    # '최초 결제금액' (the first payment, before the refund) is one jamo from 최종결제금액, but 최초 is a
    # word of its own: its exact 결제금액 keeps shadowing the final label, beside a misread one or not.
    lines, paid, final, sale = _refunded_slip_read(monkeypatch)
    first = TextLine(re.sub(r"^\W*(?:합계|승인금액|총금액)", "최초 결제금액 ", sale.text.replace(" ", "")),
                     sale.box, sale.conf)
    assert first.text.startswith("최초 결제금액 ")
    page = [first if l is sale else l for l in lines]
    _, fields, conf = parse(page)
    assert fields["total_amount"] == paid and conf["total_amount"] >= C.SURE
    misread = TextLine(final.text.replace(" ", "").replace("최종결제금액", "|희종결제금엑| "),
                       final.box, final.conf)
    _, fields, conf = parse([misread if l is final else l for l in page])
    assert fields["total_amount"] == paid
