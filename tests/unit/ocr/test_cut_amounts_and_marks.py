"""Hard photos' misreads the pages themselves give away: an amount whose last digits were lost ('56,70'),
a total only another recogniser reads right, a date whose slashes were read as 1s, the company mark (주)
and a terminal's suffix read a letter off, points taken for a discount, a taxi plate's letter or region
misread. The samples are read by the real engine; the misread is put into the line Tesseract read, and
the engine's other readers read the line's pixels again."""

from __future__ import annotations

import cv2
import numpy as np

from ocr import domain, parsers, pipeline
from ocr.engines import lines as engine_lines, pprec
from ocr.model import TextLine
from ocr.parsers import confidence as C, parse
from tests.unit.ocr.ocr_samples import SAMPLES
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


def test_a_date_whose_slashes_were_read_as_ones_is_not_read_as_another_date():
    # '거래일시 2025/03/17 21:22:15' read '2025103117 21:22:15': its first eight digits make 2025-10-31,
    # which was never printed; the slashes put back give the date, a guess (unsure).
    engine, lines, exp = _page("s_card_slip_0_clean.jpg")
    iso = exp["fields"]["date"]
    shown = iso.replace("-", "/")
    page = [TextLine(l.text.replace(shown, shown.replace("/", "1")), l.box, 0.6, None) for l in lines]
    kind, fields, conf = parse(page)
    assert fields["date"] == iso and conf["date"] < C.SURE


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


def test_a_terminal_whose_suffix_was_read_a_syllable_off_is_still_the_town():
    engine, lines, exp = _page("s_bus_paper_0_clean.jpg")
    dep = exp["fields"]["departure"]
    line = next(l for l in lines if l.text.startswith(dep))
    for misread in ("락미널", "터미녈"):
        page = [TextLine(l.text.replace(dep, dep + misread), l.box, l.conf, l.alt) if l is line else l
                for l in lines]
        assert parse(page)[1]["departure"] == dep, misread


def _rail_ticket_paid_with_points(monkeypatch) -> tuple[np.ndarray, dict]:
    """A rail ticket drawn by the widened generator (sample_receipts/wide_docs.rail) on which points paid a
    share ('포인트 사용 -1,700', '카드결제 6,100' under '승차권 금액 7,800'), and its truth."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import random

    import wide_docs
    from wide_layout import Slip, random_style

    for seed in range(200):
        rng = random.Random(seed)
        slip = Slip(random_style(rng, thermal=True), rng)
        drawn = {}
        kv = slip.kv
        slip.kv = lambda label, value, *a, **k: drawn.setdefault(label, value) and kv(label, value, *a, **k)
        meta = wide_docs.rail(slip, rng)
        no_discount = any(drawn.get(label) == "0" for label in ("할인", "할인금액", "할인액"))
        if "카드결제" in drawn and no_discount:
            image = np.ascontiguousarray(np.asarray(slip.finish().convert("RGB"))[:, :, ::-1])
            return image, meta
    raise AssertionError("no ticket paid with points drawn")


def test_points_spent_on_a_ticket_are_a_share_of_its_price_not_a_discount(monkeypatch):
    # The fare read a digit off (7,600 for 7,800): fare - discount no longer lands on the ticket's amount,
    # and the points taken for a discount made the card's share (6,100) the total. Points plus the card's
    # payment add up to the labelled amount: that is the price paid.
    image, meta = _rail_ticket_paid_with_points(monkeypatch)
    engine = engine_lines.LineEngine()
    lines = engine.read(image)
    paid = meta["fields"]["total_amount"]
    kind, fields, _ = parse(lines)
    assert kind == "rail_ticket" and fields["total_amount"] == paid
    shown = f"{paid:,}"
    first = next(l for l in lines if shown in l.text)  # the fare's line comes first
    wrong = shown[:-3] + str((int(shown[-3]) + 2) % 10) + shown[-2:]
    page = [TextLine(l.text.replace(shown, wrong), l.box, l.conf, l.alt) if l is first else l for l in lines]
    _, fields, conf = parse(page)
    assert fields["total_amount"] == paid and conf["total_amount"] < C.SURE  # the fare disagrees


def test_a_bus_number_whose_last_digit_was_read_as_brackets_is_the_other_readers_number_unsure():
    # A faded ticket's '9480' read '948()': the other reader reads the 0, and its number is reported.
    engine, lines, exp = _page("s_bus_paper_0_clean.jpg")
    right = exp["fields"]["vehicle_no"]
    page = [TextLine(l.text.replace(right, right[:-1] + "()"), l.box, l.conf, l.alt) for l in lines]
    kind, fields, conf = parse(page)
    assert fields["vehicle_no"] == right[:-1]
    pipeline._vote_number(kind, page, engine.read_other, fields, conf)
    assert fields["vehicle_no"] == right and conf["vehicle_no"] < C.SURE


def _bus_tickets_with_labels_above_values(monkeypatch):
    """Bus tickets drawn by the widened generator with each label above its value, the departure a listed
    terminal alone on its line: (image, truth, the departure's label) for each."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import json
    import random

    import wide_docs
    from wide_layout import Slip, random_style

    terminals = json.loads((SAMPLES.parent / "ocr" / "data" / "places.json").read_text(encoding="utf-8"))
    for seed in range(300):
        rng = random.Random(seed)
        style = random_style(rng, thermal=True)
        if style.labels != "below":
            continue
        slip = Slip(style, rng)
        drawn = []
        kv = slip.kv
        slip.kv = lambda label, value, *a, **k: drawn.append(label) or kv(label, value, *a, **k)
        meta = wide_docs.bus(slip, rng, terminals["bus_terminals"])
        if drawn[0] in ("출발지", "출발터미널"):
            yield np.ascontiguousarray(np.asarray(slip.finish().convert("RGB"))[:, :, ::-1]), meta, drawn[0]


def _one_letter_off(name: str) -> str:
    """The name with one letter (a vowel or a final) misread, which the list still snaps back to it."""
    for i in range(len(name) - 1, -1, -1):
        for step in (28, -28, 1, -1, 56):  # the next vowel, or a final consonant added
            off = name[:i] + chr(ord(name[i]) + step) + name[i + 1:]
            if "가" <= off[i] <= "힣" and domain.match_place(off, "bus") == (name, 0.7):
                return off
    raise AssertionError(f"no one-letter misread of {name} snaps back to it")


def test_a_departure_whose_label_is_illegible_is_the_place_above_the_arrival_unsure(monkeypatch):
    # '출발지' read '슬당시' on a hard photo and the arrival read a letter off ('삼적' for 삼척): the
    # arrival is still read under its own label, and the one line above it holding nothing but a listed
    # terminal is where the trip starts.
    engine = engine_lines.LineEngine()
    for image, meta, label in _bus_tickets_with_labels_above_values(monkeypatch):
        lines = engine.read(image)
        dep = meta["fields"]["departure"]
        kind, fields, _ = parse(lines)
        if fields["departure"] == dep:
            break  # a ticket whose departure is read as printed, as long as its label is legible
    assert kind == "bus_ticket" and fields["departure"] == dep
    arr = meta["fields"]["arrival"]
    snapped = _one_letter_off(arr)  # read a letter off, as the list still gives it ('삼적' for 삼척)
    page = [TextLine("슬당시", l.box, 0.29) if l.text.replace(" ", "") == label
            else TextLine(l.text.replace(arr, snapped), l.box, l.conf) for l in lines]
    assert sum("슬당시" == l.text or snapped in l.text for l in page) == 2
    _, fields, conf = parse(page)
    assert fields["departure"] == dep and conf["departure"] < C.SURE
    assert fields["arrival"] == meta["fields"]["arrival"]


def test_a_taxi_plate_whose_letter_was_read_as_a_zero_is_given_its_round_letter_unsure():
    # The sample's hard photo reads '서울4106136' for 서울41아6136: no plate until the 0 is taken for 아.
    engine, lines, exp = _page("s_taxi_card_6_hard.jpg")
    plate = exp["fields"]["vehicle_no"]
    _, fields, conf = parse(lines)
    assert fields["vehicle_no"] == plate and conf["vehicle_no"] < C.SURE
    page = [TextLine(l.text.replace(plate[2:], plate[2:4] + "0 " + plate[5:]), l.box, l.conf, l.alt)
            for l in lines]  # '서울410 6136', the zero apart
    assert parse(page)[1]["vehicle_no"] == plate


def test_a_taxi_plates_region_read_a_letter_off_is_the_listed_region_unsure():
    engine, lines, exp = _page("s_taxi_card_0_clean.jpg")
    plate = exp["fields"]["vehicle_no"]
    region = plate[:2]  # read a letter off ('물산' for 울산): an initial or a vowel of one syllable
    off = next(o for i in range(2) for step in (588, -588, 28, -28)
               if "가" <= chr(ord(region[i]) + step) <= "힣"
               and parsers._plate_region(o := region[:i] + chr(ord(region[i]) + step) + region[i + 1:])
               == (region, True))
    page = [TextLine(l.text.replace(region, off), l.box, l.conf, l.alt) for l in lines]
    _, fields, conf = parse(page)
    assert fields["vehicle_no"] == plate and conf["vehicle_no"] < C.SURE
