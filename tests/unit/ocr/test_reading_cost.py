"""Tesseract calls the reader spares, on lines of the project's own samples read by the real engine: a
retry or re-read that could not change the reading is not made."""

from __future__ import annotations

import cv2
import numpy as np
import tesserocr

from ocr import extract, preprocess as pp
from ocr.engines import lines, tess
from tests.unit.ocr.ocr_samples import load_sample


def _total_line(name: str) -> tuple[np.ndarray, int]:
    """The sample's total line cut out as the reader cuts its lines, and the total."""
    data, exp = load_sample(name)
    total = exp["fields"]["total_amount"]
    x0, y0, x1, y1 = next(l.box for l in extract(data, name).lines if f"{total:,}" in l.text)
    gray = cv2.cvtColor(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR), cv2.COLOR_BGR2GRAY)
    quad = np.float32([[x0, y0 - 2], [x1, y0 - 2], [x1, y1 + 2], [x0, y1 + 2]])
    return pp.crop_line(gray, quad), total


def test_a_condensed_line_is_stretched_only_while_a_stretched_reading_could_still_win():
    crop, _ = _total_line("s_card_slip_0_clean.jpg")
    tall = cv2.resize(crop, None, fx=1, fy=3, interpolation=cv2.INTER_CUBIC)  # glyphs 3x taller than wide
    h, w = tall.shape
    tall = pp.crop_line(tall, np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]]))
    assert lines._may_stretch(tall, 0.5)
    # Kept only when surer by STRETCH_SURER, and Tesseract's confidence tops at 1: no reading could win.
    assert not lines._may_stretch(tall, 1.0 - lines.STRETCH_SURER)
    assert not lines._may_stretch(crop, 0.5)  # print of ordinary width is not stretched at all


def test_the_korean_models_read_a_clean_line_as_without_their_inverted_retry():
    crop, total = _total_line("s_card_slip_0_clean.jpg")
    lang = tess.primary_lang()
    assert float(tess.api(lang).GetVariableAsString("invert_threshold")) == 0.5
    with tesserocr.PyTessBaseAPI(path=tess.tessdata_dir().rstrip("/") + "/", lang=lang, psm=7,
                                 oem=tesserocr.OEM.LSTM_ONLY) as default:
        tess.set_gray(default, crop)
        text, conf = " ".join(default.GetUTF8Text().split()), default.MeanTextConf() / 100
    assert (text, conf) == tess.read_line(crop, lang)
    assert text == f"{total:,}"
