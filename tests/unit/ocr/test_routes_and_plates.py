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
