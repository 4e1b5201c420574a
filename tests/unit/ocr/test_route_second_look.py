"""A bus ticket's trip end lost on a hard photo, read again: the real engine on tickets the widened generator
draws, damaged as its photo module does (crumpled paper, a shaken phone's motion blur). The end's line is
read from the cut-outs, then with the other looks (black and white, `kor` alone), and the listed place its
readings agree on, or are each a letter from, is reported highlighted: never as sure."""

from __future__ import annotations

import json
import random

import cv2
import numpy as np

from ocr import extract, loader
from ocr.engines import get_engine
from ocr.parsers import parse
from ocr.parsers.confidence import SURE
from ocr.pipeline import OTHER_ROUTE, VOTED_PLACE, _reread_route
from tests.unit.ocr.ocr_samples import SAMPLES


def _ticket(seed: int, damage: str, monkeypatch) -> tuple[bytes, dict]:
    """(JPEG bytes, expected fields) of an 80 mm bus ticket drawn from `seed`, damaged the generator's way."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import photo
    import wide_docs
    import widened
    from wide_layout import Slip, random_style

    terminals = json.loads((SAMPLES.parent / "ocr" / "data" / "places.json").read_text("utf-8"))
    terminals = terminals["bus_terminals"]
    rng = random.Random(seed)
    slip = Slip(random_style(rng, paper="80mm", thermal=True), rng)
    meta = wide_docs.bus(slip, rng, terminals)
    bgr, nrng = widened._bgr(slip.finish()), np.random.default_rng(seed)
    bgr = photo.crumpled(nrng, bgr) if damage == "crumpled" else photo.motion(nrng, photo.mild(nrng, bgr))
    return cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes(), meta["fields"]


def _first_reading(data: bytes):
    """The real engine's lines of the page and the fields they give before any re-reading."""
    reader = get_engine(None)
    read = reader.read(loader.decode_image(data, long_side=loader.DETAIL_LONG_SIDE))
    return reader, read, parse(read)


def test_an_arrival_read_a_letter_off_in_each_reading_is_the_listed_place_they_point_at(monkeypatch):
    # Crumpled: the arrival 울진 reads '을진터미널' beside a misread 도착터미널 label ('도착어이널'), the
    # re-readings '옴진', '을진', '흠진', '올진': most are a letter from 울진 alone, and one re-reading's
    # label is legible ('도착터미별').
    data, exp = _ticket(4, "crumpled", monkeypatch)
    _, _, (kind, first, _) = _first_reading(data)
    assert kind == "bus_ticket" and first["arrival"] is None
    got = extract(data, "ticket.jpg")
    assert got.fields["departure"] == exp["departure"]
    assert got.fields["arrival"] == exp["arrival"] == "울진"
    assert got.confidence["arrival"] == VOTED_PLACE < SURE


def test_a_departure_lost_to_motion_blur_is_read_again_and_kept_unsure(monkeypatch):
    # A shaken phone: the departure's line reads no listed place at first ('긍산터미널'); its cut-outs read
    # it so again, a letter off 금산 beside its label, a guess (tickets.NEAR_NAME); in black and white or
    # by `kor` alone it reads 금산 (or a letter from it) in agreeing readings.
    from ocr.parsers.tickets import NEAR_NAME

    data, exp = _ticket(14, "motion", monkeypatch)
    reader, read, (kind, first, conf) = _first_reading(data)
    assert kind == "bus_ticket" and first["departure"] is None and first["arrival"] == exp["arrival"]
    cut_outs_only = dict(first), dict(conf)
    _reread_route(read, reader.reread, *cut_outs_only)
    assert cut_outs_only[0]["departure"] in (None, exp["departure"])
    assert cut_outs_only[1].get("departure") is None or cut_outs_only[1]["departure"] <= NEAR_NAME
    got = extract(data, "ticket.jpg")
    assert got.fields["departure"] == exp["departure"] == "금산"
    assert got.confidence["departure"] <= OTHER_ROUTE < SURE


def test_a_rail_departure_misread_beside_its_time_is_read_again(monkeypatch):
    # A rail ticket the widened generator draws prints the departure with its time ('옥천 14:33'); a hard
    # photo misread the name ('욕친 14:33', doubtful). The time's digits do not keep the line from being
    # read again: its pixels give the listed name back in agreeing cut-outs, reported no surer than one
    # clean reading.
    from ocr.model import TextLine
    from ocr.pipeline import ROUTE_READ

    monkeypatch.syspath_prepend(str(SAMPLES))
    import wide_docs
    import widened
    from wide_layout import Slip, random_style

    rng = random.Random(0)
    slip = Slip(random_style(rng, paper="80mm", thermal=True), rng)
    exp = wide_docs.rail(slip, rng)["fields"]
    png = cv2.imencode(".png", widened._bgr(slip.finish()))[1].tobytes()
    reader, read, _ = _first_reading(png)
    line = next(l for l in read if l.text.startswith(exp["departure"] + " ") and ":" in l.text)
    spoiled = [TextLine(l.text.replace(exp["departure"], "욕친"), l.box, 0.45, l.alt) if l is line else l
               for l in read]
    kind, fields, conf = parse(spoiled)
    assert kind == "rail_ticket" and fields["departure"] is None and fields["arrival"] == exp["arrival"]
    _reread_route(spoiled, reader.reread, fields, conf, reader.reread_other, kind)
    assert fields["departure"] == exp["departure"] == "옥천"
    assert SURE <= conf["departure"] <= ROUTE_READ < 0.9  # clean pixels: one clean reading's worth


def test_a_drifted_value_column_pairs_with_its_labels_by_rank_and_is_kept_unsure(monkeypatch):
    # Crumpled: the value column drifted a row down its labels. '출발' has no place beside it, and beside
    # '도착지' stands '성남터미널', the departure's value (the arrival 해남 is a row lower, beside 좌석): row
    # by row the arrival would be the departure's name (0.81 once: a silent error). The label column and
    # the value column hold as many lines in one order, so by rank each end meets its own value: both
    # right, and still a guess, under 0.6.
    from ocr.parsers.tickets import RANKED

    data, exp = _ticket(8, "crumpled", monkeypatch)
    _, _, (kind, first, _) = _first_reading(data)
    assert kind == "bus_ticket"
    assert (first["departure"], first["arrival"]) == (exp["departure"], exp["arrival"])
    got = extract(data, "ticket.jpg")
    assert (got.fields["departure"], got.fields["arrival"]) == (exp["departure"], exp["arrival"])
    assert exp["departure"] != exp["arrival"]
    assert max(got.confidence["departure"], got.confidence["arrival"]) <= RANKED < 0.6


def test_a_drifted_bus_number_is_its_labels_rank_in_the_value_column_and_unsure(monkeypatch):
    # The same crumpled ticket: beside '차량번호' stands the date's line and the bus number is a row lower,
    # beside 등급. Its rank in the value column is the label's: the number, a guess (0.55).
    from ocr.parsers.tickets import RANKED

    data, exp = _ticket(8, "crumpled", monkeypatch)
    got = extract(data, "ticket.jpg")
    assert got.fields["vehicle_no"] == exp["vehicle_no"]
    assert got.confidence["vehicle_no"] == RANKED < 0.6
