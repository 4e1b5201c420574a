"""A ticket's ends misread on a hard photo: the real engine on tickets drawn with the project's templates,
lines spoiled the way those photos read them. A name two letters from the one listed name near it beside
its label, or right over the arrival, is that name; two stacked places with their times are the ends in
the order of their times. Never reported sure."""

from __future__ import annotations

import io

from ocr import loader
from ocr.engines import get_engine
from ocr.model import TextLine
from ocr.parsers import parse
from ocr.parsers.tickets import NEAR_NAME


def _read(page) -> list[TextLine]:
    out = io.BytesIO()
    page.crop().save(out, format="PNG")
    image = loader.decode_image(out.getvalue(), long_side=loader.DETAIL_LONG_SIDE)
    return get_engine(None).read(image)


def _with(lines: list[TextLine], find, text: str) -> list[TextLine]:
    """The lines with the one line `find` picks read as `text` (its English re-reading too)."""
    line = next(l for l in lines if find(l.text))
    return [TextLine(text, l.box, l.conf, text) if l is line else l for l in lines]


def test_a_stations_name_two_letters_off_beside_its_label_is_the_one_listed_name_near_it(templates):
    p = templates.Page(700, 800, face="gothic")
    p.center("KTX 승차권", 30, bold=True)
    p.row("출발역", "서울", 24)
    p.row("도착역", "오근장", 24)
    p.row("승차일자", "2025-03-14", 22)
    p.row("운임", "23,700원", 26, bold=True)
    lines = _read(p)
    assert parse(lines)[1]["arrival"] == "오근장"
    # 장 read 찰 (ㅈ as ㅊ, ㅇ as ㄹ): two letters off 오근장, and no other listed name within three.
    kind, fields, conf = parse(_with(lines, lambda t: "오근장" in t, "도착역 오근찰"))
    assert fields["departure"] == "서울"
    assert fields["arrival"] == "오근장" and conf["arrival"] <= NEAR_NAME < 0.6


def test_a_terminal_read_past_its_suffix_beside_its_label_is_the_listed_place_before_it(templates):
    p = templates.Page(700, 800, face="gothic")
    p.center("시외버스 승차권", 30, bold=True)
    p.row("출발", "홍성터미널", 24)
    p.row("도착", "대전복합터미널", 24)
    p.row("출발일시", "2025.06.02 09:40", 22)
    p.row("요금", "9,800원", 26, bold=True)
    lines = _read(p)
    assert parse(lines)[1]["departure"] == "홍성"
    # 터미널 read '더며낳', each syllable two letters or less off its own: 홍성 before it.
    kind, fields, conf = parse(_with(lines, lambda t: "홍성" in t, "출발 홍성더며낳"))
    assert fields["departure"] == "홍성" and conf["departure"] <= NEAR_NAME < 0.6



def test_a_departure_whose_label_was_lost_is_the_near_name_right_over_the_arrival(templates):
    p = templates.Page(700, 800, face="gothic")
    p.center("시외버스 승차권", 30, bold=True)
    p.line("[승차] 유스퀘어", 24)
    p.line("[도착] 오산", 24)
    p.row("출발일시", "2025.06.02 09:40", 22)
    p.row("요금", "4,800원", 26, bold=True)
    lines = _read(p)
    # The departure's label and name both misread: '[순차] 유스리어', two letters off 유스퀘어 alone.
    kind, fields, conf = parse(_with(lines, lambda t: "유스" in t, "[순차] 유스리어"))
    assert kind == "bus_ticket" and fields["arrival"] == "오산"
    assert fields["departure"] == "유스퀘어" and conf["departure"] < NEAR_NAME


def _labels_lost(departure: str, arrival: str, templates) -> list[TextLine]:
    """A rail ticket's lines, each end printed with its time, both end labels read a letter a box."""
    p = templates.Page(700, 800, face="gothic")
    p.center("KTX 승차권", 30, bold=True)
    p.row("출발", departure, 24)
    p.row("도착", arrival, 24)
    p.row("승차일자", "2025-03-14", 22)
    p.row("운임", "27,600원", 26, bold=True)
    lost = {"출발": "a", "도착": "b"}
    return [TextLine(lost.get(l.text.strip(), l.text), l.box, l.conf, l.alt) for l in _read(p)]


def test_two_stacked_places_with_their_times_are_the_ends_when_the_upper_time_is_earlier(templates):
    kind, fields, conf = parse(_labels_lost("서울 06:19", "강릉 09:47", templates))
    assert kind == "rail_ticket"
    assert (fields["departure"], fields["arrival"]) == ("서울", "강릉")
    assert max(conf["departure"], conf["arrival"]) < 0.6
    # The upper time later: the order says nothing, no end is given.
    kind, fields, conf = parse(_labels_lost("서울 19:06", "강릉 09:47", templates))
    assert fields.get("departure") is None and fields.get("arrival") is None
