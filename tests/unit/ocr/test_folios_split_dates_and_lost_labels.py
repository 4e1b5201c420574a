"""Misreadings seen on the foreign generator's hard photos, read by the real engine on pages drawn with the
project's templates and spoiled the way those photos read them."""

from __future__ import annotations

import io

from ocr import extract, loader
from ocr.engines import get_engine
from ocr.model import TextLine
from ocr.parsers import money, parse
from ocr.parsers.confidence import SURE
from ocr.parsers.layout import Doc


def _png(page) -> bytes:
    out = io.BytesIO()
    page.crop().save(out, format="PNG")
    return out.getvalue()


def _read(page) -> list[TextLine]:
    image = loader.decode_image(_png(page), long_side=loader.DETAIL_LONG_SIDE)
    return get_engine(None).read(image)


def _with(lines: list[TextLine], find, text: str) -> list[TextLine]:
    """The lines with the one line `find` picks read as `text` (its English re-reading too)."""
    line = next(l for l in lines if find(l.text))
    return [TextLine(text, l.box, l.conf, text) if l is line else l for l in lines]


def test_a_folios_subtotal_read_a_letter_off_is_no_total(templates):
    p = templates.Page(700, 900, face="gothic")
    p.center("HOTEL SOLBIT", 30, bold=True)
    p.center("GUEST FOLIO", 26)
    p.row("Departure", "2025/08/03", 22)
    p.row("Room Charge", "85,000", 24)
    p.row("SUBTOTAL", "77,273", 24)
    p.row("TAX (VAT 10%)", "7,727", 24)
    p.row("TOTAL", "85,000", 28, bold=True)
    read = _with(_read(p), lambda t: "SUB" in t.upper(), "SURTOTAL")
    reads = money.resolve(Doc(read)).reads
    assert 77273 not in [r.value for r in reads]  # the sale before tax is no total, however its label reads
    kind, fields, _ = parse(read)
    assert kind == "card_slip" and fields["total_amount"] == 85000


def test_a_date_cut_into_boxes_whose_edges_read_as_marks_is_read_whole(templates):
    p = templates.Page(600, 700, face="gothic")
    p.center("솔빛주유소", 30, bold=True)
    p.row("사업자번호", "214-86-55017", 22)
    p.line("[판매] 2025년 11월 21일 17:06:58", 22)
    p.rule()
    p.row("휘발유", "83,940", 24)
    p.row("[카드결제]", "83,940원", 24)
    lines = _read(p)
    line = next(l for l in lines if "2025" in l.text)
    x0, y0, x1, y1 = line.box
    w = (x1 - x0) // 3
    cut = [TextLine("[판매] 2025년", (x0, y0, x0 + w, y1), line.conf),
           TextLine("11월", (x0 + w + 4, y0 - 2, x0 + w + 60, y1 - 2), line.conf),
           TextLine("| 21일 17:06:58", (x0 + w + 64, y0, x1, y1), line.conf)]
    spoiled = [l for l in lines if l is not line] + cut
    kind, fields, conf = parse(spoiled)
    assert kind == "card_slip"
    assert fields["date"] == "2025-11-21" and conf["date"] < 0.9


def test_a_stays_bill_titled_in_korean_with_its_total_label_lost_is_a_receipt(templates):
    p = templates.Page(700, 900, face="gothic")
    p.center("호텔 솔빛 전주", 30, bold=True)
    p.center("객실 정산서", 28)
    p.row("투숙객", "김민수", 22)
    p.row("객실", "805호", 22)
    p.row("객실료", "111,000", 24)
    p.row("객실료", "111,000", 24)
    p.row("합계", "222,000원", 28, bold=True)
    read = _with(_read(p), lambda t: t.startswith("합계"), "초제 222,000원")  # the label misread
    kind, fields, conf = parse(read)
    assert kind == "card_slip"
    assert fields["total_amount"] == 222000 and conf["total_amount"] < 0.9
    assert extract(_png(p), "folio.png").document_type == "card_slip"


def test_a_ticket_whose_labels_were_lost_gives_the_amount_its_arithmetic_lands_on_unsure(templates):
    p = templates.Page(700, 900, face="gothic")
    p.center("고속버스 승차권", 30, bold=True)
    p.row("출발터미널", "유성", 24)
    p.row("도착터미널", "천안", 24)
    p.row("일 자", "20240505", 24)
    p.row("운 임", "60,800", 24)
    p.row("할 인", "12,200", 24)
    p.row("결 제 금 액", "48,600원", 26, bold=True)
    lines = _read(p)
    # Each letter-spaced label read as noise, as a box a letter: no fare, discount or total label is left.
    noise = {"운": "문", "할": "@", "결": "제"}
    spoiled = [TextLine(noise[l.text.strip()[0]], l.box, 0.3) if l.text.strip()[:1] in noise else l
               for l in lines]
    kind, fields, conf = parse(spoiled)
    assert kind == "bus_ticket"
    assert fields["total_amount"] == 48600  # 60,800 - 12,200, not the largest amount
    assert conf["total_amount"] < SURE


def test_a_mark_read_as_a_leading_digit_of_a_taxis_paid_amount_gives_the_fare_read_twice(templates):
    p = templates.Page(600, 800, face="gothic")
    p.center("승차 영수증", 30, bold=True)
    p.center("솔빛교통", 26)
    p.row("차번", "강원12바7666", 24)
    p.row("승차", "2025.09.11 12:12", 22)
    p.row("주행거리", "7.8km", 22)
    p.row("운임", "10,900", 24)
    p.row("총요금", "10,900", 24)
    p.row("결제금액", "10,900", 26, bold=True)
    lines = _read(p)
    label = next(l for l in lines if "결제금액" in l.text)
    mid = (label.box[1] + label.box[3]) / 2
    spoiled = [TextLine(l.text.replace("10,900", ",.210,900"), l.box, 0.37, l.alt)
               if l.box[1] <= mid <= l.box[3] and "10,900" in l.text else l for l in lines]
    assert any("210,900" in l.text for l in spoiled)
    kind, fields, conf = parse(spoiled)
    assert kind == "taxi_receipt"
    assert fields["total_amount"] == 10900 and conf["total_amount"] < SURE


def test_a_plates_letter_read_as_zero_and_one_is_put_back_unsure(templates):
    p = templates.Page(600, 700, face="gothic")
    p.center("솔빛운수", 30, bold=True)
    p.row("차량번호", "부산87아6801", 24)
    p.row("승차일시", "2025-10-21 16:05", 22)
    p.row("주행거리", "26.6km", 22)
    p.row("결제요금", "29,000원", 26, bold=True)
    lines = _read(p)
    # 아 read as '01' (its ㅇ as a zero, its ㅏ as a one), the label lost as on a crumpled slip.
    spoiled = _with(lines, lambda t: "6801" in t, "가람] 부산87016801.")
    kind, fields, conf = parse(spoiled)
    assert kind == "taxi_receipt"
    assert fields["vehicle_no"] == "부산87아6801" and conf["vehicle_no"] < SURE
