"""Tightly spaced lines the detector returns as one box (a slip's header, a bold column of labels) are
cut at the blank rows between them and read one by one; one tall line of large print keeps its box.
Real engine, on the project's own sample slip with its lines squeezed together."""

from __future__ import annotations

import cv2
import numpy as np

from ocr import extract, preprocess as pp
from ocr.engines import detector, lines, tess
from tests.unit.ocr.ocr_samples import load_sample

NAME = "s_card_slip_0_clean.jpg"


def _page() -> np.ndarray:
    data, _ = load_sample(NAME)
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)


def _squeezed(page: np.ndarray, first: int, count: int) -> tuple[np.ndarray, list[int]]:
    """The page with `count` of its text rows from the `first` one stacked one pixel apart, and the
    stacked rows' tops and bottom."""
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    edges = np.diff(np.concatenate(([0], (gray < 128).any(1).astype(np.int8), [0])))
    bands = [(a, b) for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)) if b - a > 8]
    rows = bands[first:first + count]
    parts, tops, y = [page[:rows[0][0] - 1]], [], rows[0][0] - 1
    for a, b in rows:
        parts.append(page[a - 1:b])
        tops.append(y)
        y += b - a + 1
    parts.append(page[rows[-1][1]:])
    return np.vstack(parts), tops + [y]


def _box_over(gray: np.ndarray, top: int, bottom: int) -> np.ndarray:
    """One box over rows top..bottom and the ink's width, as the detector draws merged lines."""
    cols = np.flatnonzero((gray[top:bottom] < 128).any(0))
    x0, x1 = float(cols[0] - 6), float(cols[-1] + 6)
    return np.float32([[x0, top - 3], [x1, top - 3], [x1, bottom + 3], [x0, bottom + 3]])


def test_a_box_over_five_squeezed_lines_is_cut_into_the_lines_each_read_right():
    page, rows = _squeezed(_page(), 2, 5)  # the merchant, registration, card, date and approval rows
    gray = pp.flatten(pp.to_gray(page))
    quads = [q for q in detector.detect(page) if not rows[0] - 5 < q[:, 1].mean() < rows[-1] + 5]
    merged = _box_over(gray, rows[0], rows[-1])
    lang = tess.primary_lang()
    assert tess.read_line(pp.crop_line(gray, merged), lang)[1] < 0.6  # psm 7 on five lines: noise
    split = lines.split_stacked_lines(gray, [*quads, merged])
    pieces = [q for q in split if not any(q is old for old in quads)]
    assert len(pieces) == 5
    read = [tess.read_line(pp.crop_line(gray, q), lang)[0] for q in pieces]
    _, expected = load_sample(NAME)
    fields = expected["fields"]
    assert fields["merchant"] in read[0] and fields["business_reg_no"] in read[1]
    assert fields["approval_no"] in read[4]


def test_one_tall_line_of_large_print_keeps_its_box():
    page = _page()
    data, expected = load_sample(NAME)
    total = expected["fields"]["total_amount"]
    box = next(line.box for line in extract(data, NAME).lines if f"{total:,}" in line.text)
    y0, y1 = box[1] - 2, box[3] + 2
    band = cv2.resize(page[y0:y1], None, fx=1, fy=3, interpolation=cv2.INTER_CUBIC)
    tall = np.vstack([page[:y0], band, page[y1:]])  # the total printed three times as tall
    gray = pp.flatten(pp.to_gray(tall))
    quads = detector.detect(tall)
    split = lines.split_stacked_lines(gray, quads)
    assert len(split) == len(quads) and all(a is b for a, b in zip(split, quads))
    got = extract(cv2.imencode(".png", tall)[1].tobytes(), "tall.png")
    assert got.fields["total_amount"] == total
