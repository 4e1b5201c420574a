"""The real engine on a generated ticket photographed at an angle: its far side, the value column, shrunk
by perspective, so each value sits a different distance off its label's row and no one slope pairs them."""

from __future__ import annotations

import json
import random

import cv2
import numpy as np
import pytest

from ocr import extract
from ocr.engines import detector, lines
from tests.unit.ocr.ocr_samples import SAMPLES


@pytest.fixture()
def ticket(monkeypatch):
    """A bus ticket drawn by the widened generator (labels on the left, values on the right), and its
    truth."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import wide_docs
    import widened
    from wide_layout import Slip, random_style

    rng = random.Random(5)
    slip = Slip(random_style(rng, paper="80mm", thermal=True), rng)
    terminals = json.loads(widened.PLACES.read_text(encoding="utf-8"))["bus_terminals"]
    meta = wide_docs.bus(slip, rng, terminals)
    return widened._bgr(slip.finish()), meta["fields"]


def _at_an_angle(bgr: np.ndarray, squeeze: float = 0.1, angle: float = 5.0) -> np.ndarray:
    """The slip on a dark desk, its right edge a fifth shorter than its left (seen from the left), tilted."""
    h, w = bgr.shape[:2]
    pad = int(0.12 * max(h, w))
    size = (w + 2 * pad, h + 2 * pad)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[0, 0], [w, squeeze * h], [w, (1 - squeeze) * h], [0, h]]) + pad
    m = cv2.getPerspectiveTransform(src, dst)
    paper = cv2.warpPerspective(bgr, m, size)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, size)
    out = np.where(mask[:, :, None] > 0, paper, np.full_like(paper, (90, 60, 70)))
    turn = cv2.getRotationMatrix2D((size[0] / 2, size[1] / 2), angle, 1.0)
    return cv2.warpAffine(out, turn, size, borderMode=cv2.BORDER_REPLICATE)


def test_a_ticket_photographed_at_an_angle_pairs_each_value_with_its_own_label(ticket):
    bgr, truth = ticket
    photo = _at_an_angle(bgr)
    got = extract(cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes(), "angle.jpg")
    # Boxes levelled by a rotation only gave no departure, the departure as the arrival and the year as
    # the bus number (2024 for 9404).
    assert got.fields["departure"] == truth["departure"]
    assert got.fields["arrival"] == truth["arrival"]
    assert got.fields["vehicle_no"] == truth["vehicle_no"]


def test_the_paper_levels_rows_a_rotation_leaves_drifting(ticket):
    bgr, _ = ticket
    image, paper = lines._fit(*lines._focus_on_paper(_at_an_angle(bgr)))
    quads = detector.detect(image)
    rotation, homography = lines._deskewer(quads, image.shape), lines._rectifier(paper)
    assert lines._row_misfit(quads, rotation) >= lines.ROW_DRIFT  # values sit off their labels' rows
    assert lines._row_misfit(quads, homography) < 0.1  # the paper's own rectangle puts them back
    assert lines._rows_drift(quads, rotation, homography)
    # A flat photo of the same slip keeps its plain rotation: nothing drifts there.
    flat, flat_paper = lines._fit(*lines._focus_on_paper(_at_an_angle(bgr, squeeze=0.0, angle=3.0)))
    flat_quads = detector.detect(flat)
    assert not lines._rows_drift(flat_quads, lines._deskewer(flat_quads, flat.shape),
                                 lines._rectifier(flat_paper))
