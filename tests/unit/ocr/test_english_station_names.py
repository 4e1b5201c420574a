"""English station names on bilingual tickets: the romanised gazetteer and the reader on hand-made lines."""

from __future__ import annotations

from ocr import domain
from ocr.model import TextLine
from ocr.parsers import parse


def test_revised_romanization_with_its_sound_changes():
    assert domain.romanize("동대구") == "dongdaegu"
    assert domain.romanize("광주송정") == "gwangjusongjeong"
    assert domain.romanize("강릉") == "gangneung"  # ㅇ + ㄹ: n
    assert domain.romanize("청량리") == "cheongnyangni"
    assert domain.romanize("왕십리") == "wangsimni"  # ㅂ + ㄹ: m n
    assert domain.romanize("한림정") == "hallimjeong"  # ㄴ + ㄹ: ll
    assert domain.romanize("익산") == "iksan"


def test_a_latin_reading_names_one_listed_place_the_longest_way():
    assert domain.match_latin("From Gwangju- Songjeong", "rail") == "광주송정"
    assert domain.match_latin("Cheonan-Asan Sta.", "rail") == "천안아산"
    assert domain.match_latin("Yeosu-EXPO", "rail") == "여수엑스포"  # the official spelling
    assert domain.match_latin("Seoul Busan", "rail") is None  # two places: no guess
    assert domain.match_latin("Total 59,800", "rail") is None


def line(text: str, y: int, alt: str | None = None) -> TextLine:
    return TextLine(text, (20, y, 20 + 30 * len(text), y + 40), 0.9, alt)


def bilingual(dep: str, dep_alt: str, arr: str, arr_alt: str, fare: str) -> list[TextLine]:
    return [line("KORAIL RECEIPT 영수증", 0), line("Date 승차일 2025.03.14", 60),
            line("Train 열차 KTX 023", 110), line(f"From 출발 {dep}", 160, dep_alt),
            line(f"To 도착 {arr}", 210, arr_alt), line(f"Fare 운임 {fare}", 260),
            line(f"Total 합계 {fare}", 310)]


def test_the_english_name_names_the_station_when_the_hangul_is_misread_and_stays_unsure_alone():
    # 동대구 read '동데규' (no listed name); the romanised name beside it gives the station.
    _, f, c = parse(bilingual("동데규 Dongdaegu", "From ZS Dongdaegu", "오송 Osong", "To SE Osong",
                              "31,000원"))
    assert (f["departure"], f["arrival"]) == ("동대구", "오송")
    assert c["departure"] < 0.9 and c["departure"] < c["arrival"]


def test_the_reference_fare_confirms_a_station_named_in_english():
    _, f, c = parse(bilingual("서윤 Seoul", "From 22 Seoul", "부산 Busan", "To EA Busan", "59,800원"))
    assert (f["departure"], f["arrival"]) == ("서울", "부산")
    assert c["departure"] >= 0.9
