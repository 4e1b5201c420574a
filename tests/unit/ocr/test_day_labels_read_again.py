"""A date under a label ending in 일 (출발일, 이용일, 매출일), its digits merged on a crumpled or faded photo:
the line, or the value beside a label printed in a box of its own, is still one that may hold the date,
so its pixels are read again (pipeline._reread_date)."""

from __future__ import annotations

import random
import re

import cv2
import pytest

from ocr.model import TextLine
from ocr.parsers import dates as D, parse
from ocr.parsers.confidence import SURE
from tests.unit.ocr.ocr_samples import SAMPLES


def _read_generated(kind: str, seed: int, monkeypatch):
    """(the real engine, its lines, the expectation) of a thermal 80 mm slip the widened generator draws
    with its `kind` layout (wide_docs.rail, wide_docs.terminal ...) from `seed`."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import wide_docs
    import widened
    from wide_layout import Slip, random_style

    from ocr import loader
    from ocr.engines import get_engine

    rng = random.Random(seed)
    slip = Slip(random_style(rng, paper="80mm", thermal=True), rng)
    meta = getattr(wide_docs, kind)(slip, rng)
    png = cv2.imencode(".png", widened._bgr(slip.finish()))[1].tobytes()
    reader = get_engine(None)
    return reader, reader.read(loader.decode_image(png, long_side=loader.DETAIL_LONG_SIDE)), meta


@pytest.mark.parametrize("seed", [2, 4])
def test_a_date_line_under_a_day_label_misread_into_digits_is_read_again(seed, monkeypatch):
    from ocr.pipeline import _reread_date

    # The real engine on a rail ticket the widened generator draws; its date line's reading is spoiled the
    # way a crumpled photo read it ('출발일 72220 00': no year, no separators, no date label before).
    reader, read, meta = _read_generated("rail", seed, monkeypatch)
    line = next(l for l in read if re.search(r"(출발|이용)일\W*\d", l.text))
    spoiled = [TextLine(re.sub(r"\d.*", "72220 00", l.text), l.box, 0.4, None) if l is line else l
               for l in read]
    kind, fields, conf = parse(spoiled)
    assert kind == "rail_ticket" and fields["date"] is None
    _reread_date(spoiled, reader.reread, fields, conf)
    assert fields["date"] == meta["fields"]["date"] and conf["date"] < SURE


@pytest.mark.parametrize("seed", [0, 1])
def test_a_date_value_beside_its_label_misread_into_noise_is_read_again(seed, monkeypatch):
    from ocr.pipeline import _beside_day_labels, _reread_date

    # The real engine on a card terminal's slip the widened generator draws, its date label and value read
    # as two boxes; the value is spoiled the way a faded photo read it ('매출일 | EE 1 724').
    reader, read, meta = _read_generated("terminal", seed, monkeypatch)
    iso = meta["fields"]["date"]
    line = next(l for l in _beside_day_labels(read) if iso in {d for d, _ in D._in_text(l.text)})
    spoiled = [TextLine("EE 1 724", l.box, 0.21, None) if l is line else l for l in read]
    kind, fields, conf = parse(spoiled)
    assert kind == "card_slip" and fields["date"] is None
    _reread_date(spoiled, reader.reread, fields, conf)
    assert fields["date"] == iso and conf["date"] < SURE
