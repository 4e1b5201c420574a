"""The real engine on the project's own samples made hard the way phones make them: a slip small on a dark
desk in a 12-megapixel frame, dot-matrix print, a photo lying on its side either way round."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ocr import extract
from ocr.engines import detector, lines
from tests.unit.ocr.ocr_samples import SAMPLES, load_sample


@pytest.fixture()
def photo(monkeypatch):
    """The generator's photo damage (sample_receipts/photo.py)."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import photo as module
    return module


def _decode(data: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)


def _jpeg(bgr: np.ndarray) -> bytes:
    return cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()


def test_a_slip_small_on_a_dark_desk_in_a_12_megapixel_frame_is_cropped_and_read(monkeypatch):
    monkeypatch.syspath_prepend(str(SAMPLES))
    import widened

    data, exp = load_sample("s_card_slip_0_clean.jpg")
    # The generator's 'frame' damage: a dark desk, the slip a few percent of a 4000x3000 photo, shadowed.
    frame = widened.small_in_frame(np.random.default_rng(1), _decode(data))
    got = extract(_jpeg(frame), "desk.jpg")
    assert got.document_type == exp["document_type"]
    assert got.fields["total_amount"] == exp["fields"]["total_amount"]  # read 3,200 when taken for dark mode
    assert got.fields["date"] == exp["fields"]["date"]


def test_dot_matrix_print_is_detected_as_lines_and_read(photo):
    data, exp = load_sample("s_card_slip_0_clean.jpg")
    dotted = photo.dotmatrix(_decode(data))  # the generator's dot-matrix terminal print
    quads = detector.detect(dotted)
    assert detector.looks_fragmented(quads)  # the model sees its dots one letter at a time ...
    _, merged = lines._merge_dotted_print(dotted, quads)
    assert len(merged) < len(quads) and not detector.looks_fragmented(merged)  # ... and lines once merged
    got = extract(_jpeg(dotted), "dotted.jpg")
    assert got.document_type == exp["document_type"]  # read as `unknown` before
    assert got.fields["total_amount"] == exp["fields"]["total_amount"]
    assert got.fields["date"] == exp["fields"]["date"]


@pytest.mark.parametrize("turns", [1, 3])
def test_a_photo_on_its_side_reads_either_way_round(turns):
    data, exp = load_sample("s_card_slip_2_mild.jpg")
    turned = np.ascontiguousarray(np.rot90(_decode(data), turns))
    got = extract(_jpeg(turned), "side.jpg")
    assert got.document_type == exp["document_type"]
    assert got.fields["total_amount"] == exp["fields"]["total_amount"]
    assert got.fields["date"] == exp["fields"]["date"]


def test_a_page_turned_the_wrong_way_is_put_upright_before_it_is_read():
    data, _ = load_sample("s_card_slip_0_clean.jpg")
    upright = _decode(data)
    down = np.ascontiguousarray(upright[::-1, ::-1])
    image, quads = lines._upright(down, detector.detect(down))
    assert np.array_equal(image, np.ascontiguousarray(np.rot90(down, 2)))
    same, _ = lines._upright(upright, detector.detect(upright))
    assert same is upright


def test_a_dotted_line_reads_better_with_its_dots_merged(photo):
    from ocr import preprocess as pp
    from ocr.engines import tess

    data, _ = load_sample("s_card_slip_0_clean.jpg")
    dotted = photo.dotmatrix(_decode(data))
    gray = pp.flatten(pp.to_gray(dotted))
    quads = detector.detect(pp.merge_dots(dotted, 40))
    widest = max(quads, key=lambda q: float(np.linalg.norm(q[1] - q[0])))
    crop = pp.crop_line(gray, widest)
    assert tess.read_line(pp.smooth_dots(crop), tess.primary_lang())[1] >= tess.read_line(
        crop, tess.primary_lang())[1]


def test_light_letters_on_a_dark_app_band_survive_the_shadow_flattening():
    data, exp = load_sample("s_bus_mobile_0_clean.png")
    page = _decode(data)
    # The route block recoloured as an app's coloured band: white letters on dark blue.
    grey = cv2.cvtColor(page[125:235], cv2.COLOR_BGR2GRAY).astype(np.float32)[..., None]
    ink = (255 - grey) / 255
    page[125:235] = (ink * 255 + (1 - ink) * np.array([150, 60, 20], np.float32)).astype(np.uint8)
    got = extract(cv2.imencode(".png", page)[1].tobytes(), "band.png")
    assert (got.fields["departure"], got.fields["arrival"]) == (exp["fields"]["departure"],
                                                                exp["fields"]["arrival"])


def test_light_letters_on_a_banner_crossed_by_a_hard_shadow_are_read():
    data, exp = load_sample("s_bus_mobile_0_clean.png")
    page = _decode(data)
    grey = cv2.cvtColor(page[125:235], cv2.COLOR_BGR2GRAY).astype(np.float32)[..., None]
    ink = (255 - grey) / 255
    page[125:235] = (ink * 255 + (1 - ink) * np.array([150, 60, 20], np.float32)).astype(np.uint8)
    # A phone's hard shadow whose edge runs slanted through the banner and darkens the page below it: the
    # banner and the shadowed paper merge into one dark area, no rectangle, that the page-wide test misses.
    h, w = page.shape[:2]
    mask = np.zeros((h, w), np.float32)
    cv2.fillPoly(mask, [np.int32([[-10, 180], [w + 10, 100], [w + 10, h + 10], [-10, h + 10]])], 1.0)
    mask = cv2.GaussianBlur(mask, (0, 0), 6)
    page = np.clip(page * (1 - 0.5 * mask)[..., None], 0, 255).astype(np.uint8)
    got = extract(cv2.imencode(".png", page)[1].tobytes(), "shadowed-band.png")
    assert (got.fields["departure"], got.fields["arrival"]) == (exp["fields"]["departure"],
                                                                exp["fields"]["arrival"])


def test_print_on_shadowed_paper_is_no_light_lettered_line():
    data, _ = load_sample("s_card_slip_0_clean.jpg")
    grey = cv2.cvtColor(_decode(data), cv2.COLOR_BGR2GRAY)
    shaded = (grey * 0.5).astype(np.uint8)  # dark print on paper at half the light
    quads = detector.detect(cv2.cvtColor(shaded, cv2.COLOR_GRAY2BGR))
    from ocr import preprocess

    assert quads and not any(preprocess.lighter_letters(shaded, q) for q in quads)


def test_a_shadow_is_no_light_on_dark_band():
    data, _ = load_sample("s_card_slip_0_clean.jpg")
    grey = cv2.cvtColor(_decode(data), cv2.COLOR_BGR2GRAY).astype(np.float32)
    h, w = grey.shape
    # A hand's shadow over the lower half: paper and print darkened alike, its edge soft.
    fall = np.clip((np.arange(h, dtype=np.float32)[:, None] - h * 0.45) / (h * 0.1), 0, 1)
    shaded = (grey * (1 - 0.65 * fall) * np.ones((1, w), np.float32)).astype(np.uint8)
    from ocr import preprocess

    assert preprocess._light_on_dark(shaded) is None


def _on_desk(slip: np.ndarray, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """The slip on a desk shaded from `lo` (top left) to `hi` (bottom right); returns (photo, corners)."""
    h, w = slip.shape[:2]
    H, W = int(h * 1.6), int(w * 2.2)
    xx = np.linspace(0, 1, W, dtype=np.float32)[None, :]
    yy = np.linspace(0, 1, H, dtype=np.float32)[:, None]
    shade = lo + (hi - lo) * np.clip(0.6 * xx + 0.4 * yy, 0, 1)
    photo = np.repeat(shade[:, :, None], 3, 2).astype(np.uint8)
    y0, x0 = int(0.2 * h), int(0.3 * w)
    photo[y0:y0 + h, x0:x0 + w] = slip
    return photo, np.float32([[x0, y0], [x0 + w, y0], [x0 + w, y0 + h], [x0, y0 + h]])


def test_a_slip_on_a_desk_lit_as_light_as_the_slip_on_one_side_is_found():
    from ocr import preprocess as pp

    data, _ = load_sample("s_card_slip_0_clean.jpg")
    # The desk's light end merges with the slip at Otsu's threshold (the outline was no quadrilateral).
    photo, corners = _on_desk(_decode(data), 60, 250)
    paper = pp.find_paper(pp.to_gray(photo), pp.SMALL_PAPER)
    assert paper is not None and float(np.abs(paper - corners).max()) < 0.02 * photo.shape[1]


def test_a_slip_with_a_torn_serrated_edge_is_found_by_its_hull():
    from ocr import preprocess as pp

    data, _ = load_sample("s_card_slip_0_clean.jpg")
    photo, corners = _on_desk(_decode(data), 40, 90)
    (x0, _), (x1, y1) = corners[0], corners[2]
    rng, tooth = np.random.default_rng(3), int(x1 - x0) // 6
    for x in range(int(x0), int(x1) - tooth + 1, tooth):  # teeth torn out of the bottom edge
        deep = int(rng.uniform(0.06, 0.14) * (y1 - corners[0][1]))
        cv2.fillPoly(photo, [np.int32([[x, y1], [x + tooth // 2, y1 - deep], [x + tooth, y1]])], (60, 60, 60))
    paper = pp.find_paper(pp.to_gray(photo), pp.SMALL_PAPER)
    assert paper is not None and float(np.abs(paper - corners).max()) < 0.02 * photo.shape[1]


def test_a_slip_on_a_dark_desk_cut_by_a_hard_shadow_is_not_taken_for_dark_mode():
    from ocr import preprocess as pp

    data, exp = load_sample("s_card_slip_0_clean.jpg")
    photo, corners = _on_desk(_decode(data), 25, 45)
    (x0, y0), (x1, y1) = corners[0], corners[2]
    wedge = np.zeros(photo.shape[:2], np.uint8)  # a phone's shadow falling across the slip from the top
    span = x1 - x0
    cv2.fillPoly(wedge, [np.int32([[x0 + 0.15 * span, 0], [x1 - 0.15 * span, 0],
                                   [(x0 + x1) / 2, y1 - 0.1 * (y1 - y0)]])], 1)
    photo[wedge > 0] = (photo[wedge > 0] * 0.35).astype(np.uint8)
    assert pp.find_paper(pp.to_gray(photo), pp.SMALL_PAPER) is None  # no sheet's outline is left
    assert pp.light_background(photo) is photo  # it was inverted as a dark-mode screen
    got = extract(_jpeg(photo), "shadow.jpg")
    assert got.fields["total_amount"] == exp["fields"]["total_amount"]


def test_a_dark_mode_screen_photographed_on_a_light_desk_is_still_inverted():
    from ocr import preprocess as pp

    photo = np.full((1200, 1000, 3), 90, np.uint8)  # a grey desk, lighter than the screen, off the edges
    cv2.rectangle(photo, (300, 250), (700, 950), (25, 25, 25), -1)  # the phone's dark screen
    for k, text in enumerate(["274,100", "12/05", "9744"]):
        cv2.putText(photo, text, (330, 400 + 200 * k), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (230, 230, 230), 3)
    assert pp.light_background(photo) is not photo


def _far_off(slip: np.ndarray) -> np.ndarray:
    """The slip a few percent of a 4032x3024 photo, on a light desk lit brighter above than the slip's
    own white, so no paper outline separates it: the photo of a page taken from across the room."""
    H, W = 3024, 4032
    yy = np.linspace(0, 1, H, dtype=np.float32)[:, None]
    xx = np.linspace(0, 1, W, dtype=np.float32)[None, :]
    desk = 248 - 60 * yy + 8 * np.sin(6 * xx)
    photo = np.repeat(np.clip(desk, 0, 255)[:, :, None], 3, 2).astype(np.uint8)
    f = 0.08 * W / slip.shape[1]  # about 320 px wide: at the detector's scale its lines melt into one
    small = cv2.resize(slip, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    y0, x0 = int(0.62 * H), int(0.62 * W)
    photo[y0:y0 + small.shape[0], x0:x0 + small.shape[1]] = small
    return photo


def test_a_page_photographed_from_afar_on_a_light_desk_is_looked_at_closer():
    from ocr import preprocess as pp

    data, exp = load_sample("s_card_receipt_0_clean.jpg")
    photo = _far_off(_decode(data))
    assert pp.find_paper(pp.to_gray(photo), pp.SMALL_PAPER) is None  # no outline to crop to
    got = extract(_jpeg(photo), "afar.jpg")  # was unknown, nothing read: one blob, too few to be lines
    assert got.document_type == exp["document_type"]
    assert got.fields["total_amount"] == exp["fields"]["total_amount"]


def test_a_blank_page_read_whole_gives_no_lines_rather_than_an_engine_error():
    from ocr.engines.page import PageEngine

    # Tesseract's first line of a page it finds no text on raises on being read ('No text returned').
    assert PageEngine().read(np.full((200, 300, 3), 255, np.uint8)) == []
