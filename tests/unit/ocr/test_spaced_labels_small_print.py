"""A letter-spaced label on small print (a 300-420 px wide photo) is split by the detector letter by letter,
and the box of a later letter overlaps the one before it: that letter's edge is read as a stray mark
('승' and '} 차', '도' and ': 착', '좌' and '| 석'). The syllables are still joined into the label
(layout._join_spaced), so the value beside it is found. Real engine, on a bus ticket the widened generator
draws with spaced labels, shrunk the way its 'lowres' photos are."""

from __future__ import annotations

import dataclasses
import json
import random

import numpy as np

from ocr.model import TextLine
from ocr.parsers import parse
from ocr.parsers.layout import _MARKED_SYLLABLE, _STRAY, Doc
from tests.unit.ocr.ocr_samples import SAMPLES


def _read_small_bus(seed: int, width: int, monkeypatch):
    """(lines the real engine reads, expectation) of a 58 mm bus ticket with letter-spaced labels, from
    `seed`, photographed mildly and shrunk to `width` pixels."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import photo
    import wide_docs
    import widened
    from wide_layout import Slip, random_style

    from ocr.engines import get_engine

    terminals = json.loads(widened.PLACES.read_text(encoding="utf-8"))["bus_terminals"]
    rng = random.Random(seed)
    style = dataclasses.replace(random_style(rng, paper="58mm", thermal=True), labels="spaced",
                                face="un_graphic")
    slip = Slip(style, rng)
    meta = wide_docs.bus(slip, rng, terminals)
    bgr = photo.lowres(photo.mild(np.random.default_rng(seed), widened._bgr(slip.finish())), width)
    return get_engine(None).read(bgr), meta


def test_spaced_label_letters_read_with_a_stray_mark_are_joined(monkeypatch):
    read, meta = _read_small_bus(2, 417, monkeypatch)
    marked = [l for l in read if _MARKED_SYLLABLE.fullmatch(l.text)]
    assert marked, "the engine no longer reads a label letter with a stray mark: the case is not exercised"
    rows = [[l.text for l in row] for row in Doc(read).rows]
    labels = {row[0] for row in rows}
    assert {"승차", "도착"} <= labels
    kind, fields, _ = parse(read)
    assert kind == "bus_ticket"
    for name in ("departure", "arrival", "vehicle_no", "total_amount", "date"):
        assert fields[name] == meta["fields"][name], name


def test_a_marked_syllable_apart_from_the_letter_before_is_left_alone(monkeypatch):
    read, _ = _read_small_bus(2, 417, monkeypatch)
    # The same stray-marked letter moved clear of the letter before it: a mark with space before it is
    # print of its own, not the edge of that letter, so nothing is joined.
    marked = next(l for l in read if _MARKED_SYLLABLE.fullmatch(l.text))
    letter = marked.text.lstrip(_STRAY)[0]
    joined = [t for r in Doc(read).rows for t in (l.text for l in r) if len(t) == 2 and t[1] == letter]
    assert joined  # as read, the letter is joined to the one before it
    width = marked.box[2] - marked.box[0]
    moved = [TextLine(l.text, (l.box[0] + 3 * width, l.box[1], l.box[2] + 3 * width, l.box[3]), l.conf, l.alt)
             if l is marked else l for l in read]
    texts = {l.text for r in Doc(moved).rows for l in r}
    assert joined[0] not in texts and marked.text in texts
