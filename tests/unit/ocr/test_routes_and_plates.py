"""A mobile ticket's route heading and a taxi plate's region, on pages the foreign generator draws
(benchmarks/foreign, HTML in headless Chromium; skipped where Chromium is not installed) and the real engine
reads. A hard photo misreads the words round them the way the tests spoil the engine's lines: '뻐스' for
버스, a region a letter off ('인전' for 인천), a route line read as noise."""

from __future__ import annotations

import random

import pytest

from ocr import extract
from ocr.model import TextLine
from ocr.parsers import parse
from ocr.parsers.confidence import SURE
from tests.unit.ocr.ocr_samples import lines


def _rendered(kind: str, seed: str) -> tuple[dict, bytes]:
    """A page of the foreign generator's layout `kind` (its truth, and a screenshot's bytes)."""
    from benchmarks.foreign import docs
    from benchmarks.foreign.browser import open_browser

    try:
        browser = open_browser()
    except (FileNotFoundError, OSError, ImportError) as exc:
        pytest.skip(f"Chromium is not available: {exc}")
    try:
        made = getattr(docs, kind)(random.Random(seed))
        return made, browser.render(made["html"], made["look"].width, made["look"].scale)
    finally:
        browser.close()


def _drawn(kind: str, seed: str):
    """A page of the foreign generator's layout `kind`, read by the real engine."""
    made, png = _rendered(kind, seed)
    return made, extract(png, "page.png")


def _spoiled(read, old: str, new: str) -> list[TextLine]:
    """The engine's lines with `old` read as `new` wherever it is printed."""
    return [TextLine(l.text.replace(old, new), l.box, l.conf, l.alt) for l in read.lines]


@pytest.mark.parametrize("seed", ["test-route-7", "test-route-12"])
def test_a_route_heading_of_two_listed_places_makes_a_ticket_whose_bus_words_were_misread(seed):
    made, read = _drawn("bus_mobile", seed)
    spoiled = _spoiled(read, "버스", "뻐스")
    assert "버스" not in "".join(l.text for l in spoiled)
    kind, f, _ = parse(spoiled)
    assert kind == "bus_ticket"
    assert (f["departure"], f["arrival"]) == (made["fields"]["departure"], made["fields"]["arrival"])


def test_two_places_in_a_shops_address_are_no_route():
    rows = [("신용카드 매출전표", 100, 0), ("서울 강남구", 20, 50), ("부산 서면", 20, 100),
            ("승인번호 37783122", 20, 150), ("합계 : 68,400원", 20, 200)]
    assert parse(lines(*rows))[0] == "card_slip"


def test_a_doubtful_route_line_is_read_again_when_the_ticket_lacks_its_ends():
    from ocr import loader
    from ocr.engines import get_engine
    from ocr.pipeline import ROUTE_READ, _reread_route

    # The real engine on an app ticket; its route line is spoiled the way a banner's names beside their
    # arrow were read on a hard photo ('수이' for 수원), and its pixels give it back.
    made, png = _rendered("bus_mobile", "test-route-9")
    reader = get_engine(None)
    read = reader.read(loader.decode_image(png, long_side=loader.DETAIL_LONG_SIDE))
    dep, arr = made["fields"]["departure"], made["fields"]["arrival"]
    spoiled = [TextLine("ㅁ 아|", l.box, 0.4, None) if dep in l.text and arr in l.text else l for l in read]
    assert spoiled != read
    kind, fields, conf = parse(spoiled)
    assert kind == "bus_ticket" and fields["arrival"] is None
    _reread_route(spoiled, reader.reread, fields, conf)
    assert (fields["departure"], fields["arrival"]) == (dep, arr)
    assert conf["departure"] <= ROUTE_READ and conf["arrival"] <= ROUTE_READ


def test_a_banners_route_misread_on_a_clean_app_ticket_is_read_again():
    made, read = _drawn("bus_mobile", "test-route-5")
    assert (read.fields["departure"], read.fields["arrival"]) == (made["fields"]["departure"],
                                                                  made["fields"]["arrival"])


@pytest.mark.parametrize("seed", ["test-plate-0", "test-plate-3", "test-plate-7"])
def test_a_plates_region_a_letter_off_or_in_a_box_of_its_own_is_kept_unsure(seed):
    made, read = _drawn("taxi", seed)
    plate = made["fields"]["vehicle_no"]
    region = plate[:2]
    assert read.fields["vehicle_no"] == plate
    # Its region a letter off ('인전' for 인천): the one region a letter away, unsure.
    near = {"인천": "인전", "서울": "서을", "부산": "부찬", "대구": "대규", "광주": "광수", "대전": "대진",
            "울산": "울싼", "경기": "경지", "경북": "경복", "충남": "충난", "전북": "전붕",
            "경남": "경낭"}[region]
    kind, f, c = parse(_spoiled(read, region, near))
    assert kind == "taxi_receipt" and f["vehicle_no"] == plate and c["vehicle_no"] < SURE
    # The plate cut into boxes, its region in one of its own on the plate's row.
    split = []
    for l in read.lines:
        if plate[2:6] in l.text.replace(" ", ""):
            x0, y0, x1, y1 = l.box
            split += [TextLine(region, (x0, y0, x0 + 50, y1), l.conf),
                      TextLine(plate[2:], (x0 + 70, y0, x1, y1), l.conf)]
        else:
            split.append(l)
    assert len(split) == len(read.lines) + 1
    assert parse(split)[1]["vehicle_no"] == plate


def _one_letter_off(name: str) -> list[str]:
    """The name with one letter of one syllable (its vowel or its final consonant) misread."""
    out = []
    for i, ch in enumerate(name):
        code = ord(ch) - 0xAC00
        lead, vowel, tail = code // 588, code % 588 // 28, code % 28
        out += [name[:i] + chr(0xAC00 + lead * 588 + v * 28 + t) + name[i + 1:]
                for v in range(21) for t in range(28) if (v != vowel) + (t != tail) == 1]
    return out


def test_a_place_read_cleanly_a_letter_off_is_read_again_when_the_ticket_lacks_that_end():
    from ocr import domain, loader
    from ocr.engines import get_engine
    from ocr.pipeline import _reread_route
    from tests.unit.ocr.ocr_samples import load_sample

    # The real engine on a project sample; its arrival is spoiled into a word a letter from listed names,
    # none of which the gazetteer dares snap it to ('염천터미널' read at 0.89 for 영천), at a sure reading.
    data, exp = load_sample("s_bus_paper_0_clean.jpg")
    reader = get_engine(None)
    read = reader.read(loader.decode_image(data, long_side=loader.DETAIL_LONG_SIDE))
    arr = exp["fields"]["arrival"]
    tried = 0
    for wrong in _one_letter_off(arr):
        spoiled = [TextLine(l.text.replace(arr, wrong), l.box, 0.9 if arr in l.text else l.conf, l.alt)
                   for l in read]
        kind, fields, conf = parse(spoiled)
        if fields["arrival"] is not None or not domain.listed_neighbours(wrong, "bus"):
            continue
        _reread_route(spoiled, reader.reread, fields, conf)
        assert fields["arrival"] == arr and conf["arrival"] < SURE
        assert fields["departure"] == exp["fields"]["departure"]
        tried += 1
        if tried == 3:
            break
    assert tried == 3
