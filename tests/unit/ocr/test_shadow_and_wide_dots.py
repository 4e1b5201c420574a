"""The real engine on the project's own images damaged two ways the widened generator's hard photos are: a
hard shadow across a ticket's top, and dot-matrix print whose dots stand wide apart."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from ocr import extract, preprocess as pp
from ocr.engines import detector, lines
from tests.unit.ocr.ocr_samples import SAMPLES, load_sample


@pytest.fixture()
def gen(monkeypatch):
    """The widened generator's modules (sample_receipts/)."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import photo
    import wide_docs
    import wide_layout
    import widened
    return photo, wide_docs, wide_layout, widened


def _shadowed_on_a_desk(bgr: np.ndarray) -> tuple[np.ndarray, int]:
    """The sheet on a mid-grey desk, a hard shadow with a straight edge over its upper third (desk and
    paper alike), darkest at the top; returns the photo and the sheet's top row."""
    h, w = bgr.shape[:2]
    pad = 80
    out = np.full((h + 2 * pad, w + 2 * pad, 3), (90, 150, 60), np.uint8)
    out[pad:pad + h, pad:pad + w] = bgr
    rows = np.arange(out.shape[0], dtype=np.float32)[:, None]
    edge = pad + 0.3 * h
    factor = np.where(rows < edge, 0.5 + 0.08 * rows / edge, 1.0)
    return np.clip(out * factor[:, :, None], 0, 255).astype(np.uint8), pad


def test_a_shadow_across_a_tickets_top_does_not_cut_the_sheet_there():
    data, exp = load_sample("s_rail_paper_0_clean.jpg")
    photo, top = _shadowed_on_a_desk(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR))
    paper = pp.find_paper(pp.to_gray(photo), pp.SMALL_PAPER)
    assert paper is not None
    # At Otsu's threshold the outline ran along the shadow's edge, a third of the way down the sheet.
    assert paper[:, 1].min() < top + 0.1 * (paper[:, 1].max() - top)
    got = extract(cv2.imencode(".jpg", photo)[1].tobytes(), "shadow.jpg")
    assert got.document_type == exp["document_type"]
    # The date and the train are printed in the shadowed part: lost with it before.
    for key in ("date", "vehicle_no", "departure", "arrival", "total_amount"):
        assert got.fields[key] == exp["fields"][key], key


def test_dot_matrix_print_with_wide_dots_is_blurred_until_its_words_hold_together(gen):
    photo, docs, layout, widened = gen
    rng = random.Random(26)  # a terminal slip of the widened generator in large type
    slip = layout.Slip(layout.random_style(rng, paper="58mm", thermal=True), rng)
    meta = docs.terminal(slip, rng)
    dotted = photo.dotmatrix(widened._bgr(slip.finish()))
    quads = detector.detect(dotted)
    assert detector.looks_fragmented(quads)
    height = float(np.median([np.linalg.norm(q[3] - q[0]) for q in quads]))
    light = detector.detect(pp.merge_dots(dotted, height * 10 / 14))
    # Found as lines after the light blur, but with its words in pieces:
    assert not detector.looks_fragmented(light) and lines._square_share(light) > lines.PIECES
    _, merged = lines._merge_dotted_print(dotted, quads)
    assert lines._square_share(merged) < lines._square_share(light) / 2
    got = extract(cv2.imencode(".png", dotted)[1].tobytes(), "dotted.png")
    assert got.document_type == "card_slip"
    assert got.fields["total_amount"] == meta["fields"]["total_amount"]  # 23,273 read from the pieces
