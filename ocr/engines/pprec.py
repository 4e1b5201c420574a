"""A second line recogniser: PP-OCRv6's text recognition model, run directly through onnxruntime.

The model ships inside the rapidocr wheel beside the detection model (Apache-2.0, see ocr/NOTICE); nothing
is downloaded. Its alphabet is Chinese, Latin, digits and signs, without Hangul, so it is no reader of a
Korean line; but it reads digits and separators through blur, faded print and low resolution where
Tesseract's Korean and English models both misread them (a low-resolution slip's '2017/09/30' they both
read as 2017/03/30), and it shares no code or training with Tesseract: an independent second reader of
a date or an amount. Used only for values in doubt (see pipeline._vote_date), so most pages never load it.
"""

from __future__ import annotations

import os
import threading

import cv2
import numpy as np

from ocr.engines import detector

REC_MODEL = "PP-OCRv6_rec_small.onnx"
INPUT_HEIGHT = 48  # the model's input height; the width follows the crop's aspect ratio
MAX_WIDTH = 48 * 40  # a wider crop is shrunk to this (a line 40 times as wide as tall is no date line)

_session = None
_alphabet: list[str] = []
_lock = threading.Lock()


def model_path() -> str:
    """Path of the recognition model inside the installed rapidocr package (OCR_REC_MODEL overrides)."""
    return os.environ.get("OCR_REC_MODEL") or os.path.join(detector.models_dir(), REC_MODEL)


def session():
    """The shared onnxruntime session (thread-safe for run()), created on first use, and its alphabet."""
    global _session, _alphabet
    if _session is None:
        with _lock:
            if _session is None:
                sess = detector.open_session(model_path(), "Text recognition model")
                # CTC classes: blank, the model's characters (kept in its metadata), a space.
                chars = sess.get_modelmeta().custom_metadata_map.get("character", "").splitlines()
                _alphabet = ["", *chars, " "]
                _session = sess
    return _session


def read_line(gray_line: np.ndarray) -> tuple[str, float]:
    """Text and mean character confidence (0-1) of one cut-out line, dark print on light."""
    sess = session()
    h, w = gray_line.shape[:2]
    width = min(MAX_WIDTH, max(INPUT_HEIGHT // 3, int(np.ceil(INPUT_HEIGHT * w / max(h, 1)))))
    img = cv2.resize(gray_line, (width, INPUT_HEIGHT), interpolation=cv2.INTER_AREA)
    x = np.repeat(img[None, None].astype(np.float32) / 127.5 - 1.0, 3, axis=1)
    probs = sess.run(None, {sess.get_inputs()[0].name: x})[0][0]
    best, conf = probs.argmax(axis=1), probs.max(axis=1)
    text, confs, prev = [], [], 0
    for k, c in zip(best, conf):
        if k != prev and k != 0 and k < len(_alphabet):
            text.append(_alphabet[k])
            confs.append(float(c))
        prev = k
    return " ".join("".join(text).split()), (float(np.mean(confs)) if confs else 0.0)
