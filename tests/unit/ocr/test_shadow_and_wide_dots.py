"""The real engine on the project's own images damaged two ways the widened generator's hard photos are: a
hard shadow across a ticket's top, and dot-matrix print whose dots stand wide apart."""

from __future__ import annotations

import cv2
import numpy as np
from ocr import extract, preprocess as pp
from tests.unit.ocr.ocr_samples import load_sample


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
