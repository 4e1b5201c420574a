"""The real engine on a project sample shaken the way the generator shakes a phone (sample_receipts/photo.py
`motion`): the straight blur is found in the page's cepstrum and undone before the lines are read."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ocr import extract
from ocr import preprocess as pp
from ocr.engines import lines
from tests.unit.ocr.ocr_samples import SAMPLES, load_sample


@pytest.fixture()
def shaken(monkeypatch):
    """The card slip sample photographed with a shaken phone (the generator's mild photo, then motion)."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import photo

    data, exp = load_sample("s_card_slip_0_clean.jpg")
    page = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    out = photo.motion(np.random.default_rng(3), photo.mild(np.random.default_rng(3), page))
    return page, out, exp


def _jpeg(bgr: np.ndarray) -> bytes:
    return cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()


def test_a_straight_motion_blur_is_found_and_a_sharp_page_shows_none(shaken):
    page, out, _ = shaken
    blur = pp.motion_blur(pp.flatten(pp.to_gray(out)))
    assert blur is not None and 5 <= blur[0] <= 10  # the generator's kernels are 5-8 px long
    assert pp.motion_blur(pp.flatten(pp.to_gray(page))) is None


def test_a_shaken_photo_reads_its_total_and_date_once_the_blur_is_undone(shaken, monkeypatch):
    _, out, exp = shaken
    got = extract(_jpeg(out), "shaken.jpg")
    assert got.fields["total_amount"] == exp["fields"]["total_amount"]
    assert got.fields["date"] == exp["fields"]["date"]
    # Read as it is, the blurred page gives neither the total nor the date (checked, so the test keeps
    # testing the mend).
    monkeypatch.setattr(lines.LineEngine, "_unshaken", lambda self, gray, quads, paper, read: (gray, read))
    before = extract(_jpeg(out), "shaken.jpg")
    assert (before.fields["total_amount"], before.fields["date"]) != (
        exp["fields"]["total_amount"],
        exp["fields"]["date"],
    )


def test_a_taxi_plate_with_a_letter_no_hired_vehicle_carries_is_not_sure():
    from ocr.parsers import parse
    from tests.unit.ocr.ocr_samples import lines as read

    def plate(text: str) -> tuple[str, float]:
        kind, f, c = parse(
            read(
                ("[택시] 카드영수증", 100, 0),
                ("차량번호", 20, 60),
                (text, 300, 60),
                ("승차일시 2025.11.21 13:15", 20, 110),
                ("총요금 77,800원", 20, 160),
            )
        )
        assert kind == "taxi_receipt"
        return f["vehicle_no"], c["vehicle_no"]

    value, conf = plate("충북67자8579")  # one line prints it: one reading, not sure
    assert value == "충북67자8579" and 0.6 <= conf < 0.9
    # A shaken photo read 자 as 지: no taxi's plate carries it, so a letter was misread; the hired letter of
    # its consonant is taken, unsure.
    value, conf = plate("충북67지8579")
    assert value == "충북67자8579" and conf < 0.6
    value, conf = plate("충북67마8579")  # no hired letter begins with ㅁ: kept as read, unsure
    assert value == "충북67마8579" and conf < 0.6
