"""Which way up a page's lines run: PP-OCR's text direction classifier (0 or 180 degrees), onnxruntime.

The model (ch_ppocr_mobile_v2.0_cls) ships inside the rapidocr wheel beside the detection model
(Apache-2.0, see ocr/NOTICE); nothing is downloaded. It was trained on Chinese and Latin lines, and one line
of Hangul it often judges wrong (measured on the samples: up to half of an upright page's widest lines
called turned), so a page is judged by comparing its lines as cut with the same lines turned half round
(see turned_margin). Asked only when a page reads doubtfully (see lines._looks_upside_down), so a page that
reads well never loads it.
"""

from __future__ import annotations

import os
import threading

import cv2
import numpy as np

from ocr.engines import detector

CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
INPUT_HEIGHT, INPUT_WIDTH = 48, 192  # the model's input: a line resized to 48 px high, padded to 192 wide
PROBES = 12  # the widest lines of a page that are asked

_session = None
_lock = threading.Lock()


def model_path() -> str:
    """Path of the direction model inside the installed rapidocr package (OCR_CLS_MODEL overrides)."""
    return os.environ.get("OCR_CLS_MODEL") or os.path.join(detector.models_dir(), CLS_MODEL)


def session():
    """The shared onnxruntime session (thread-safe for run()), created on first use."""
    global _session
    if _session is None:
        with _lock:
            if _session is None:
                _session = detector.open_session(model_path(), "Text direction model")
    return _session


def _input(bgr: np.ndarray, quad: np.ndarray) -> np.ndarray | None:
    """One line cut out along its box as the model takes it (CHW, -1..1): resized to INPUT_HEIGHT, its
    width following its aspect up to INPUT_WIDTH (a longer line is squeezed, as PaddleOCR feeds it),
    padded right; None when it is no line (under 1.5 times as wide as tall)."""
    tl, tr, br, bl = quad
    w = float(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    h = float(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    if h < 4 or w < 1.5 * h:
        return None
    width = min(INPUT_WIDTH, int(np.ceil(INPUT_HEIGHT * w / h)))
    dst = np.float32([[0, 0], [width, 0], [width, INPUT_HEIGHT], [0, INPUT_HEIGHT]])
    m = cv2.getPerspectiveTransform(quad.astype(np.float32), dst)
    line = cv2.warpPerspective(bgr, m, (width, INPUT_HEIGHT), flags=cv2.INTER_AREA,
                               borderMode=cv2.BORDER_REPLICATE)
    if line.ndim == 2:
        line = cv2.cvtColor(line, cv2.COLOR_GRAY2BGR)
    return line


def _batch(lines: list[np.ndarray]) -> np.ndarray:
    """The lines (HWC, uint8) as one input batch, each padded right with the model's zero."""
    out = np.zeros((len(lines), 3, INPUT_HEIGHT, INPUT_WIDTH), np.float32)
    for k, line in enumerate(lines):
        out[k, :, :, :line.shape[1]] = (line.astype(np.float32) / 127.5 - 1.0).transpose(2, 0, 1)
    return out


def turned_margin(bgr: np.ndarray, quads: list[np.ndarray]) -> float | None:
    """How much more the model takes the page's PROBES widest lines for upside down as they are than turned
    half round: its mean probability of 180 degrees over the lines as cut, less that over the same lines
    turned (-1..1; over 0: the page is upside down). The comparison cancels the model's bias on Hangul
    (it calls a quarter of upright Hangul lines turned): on the samples upright pages measured -0.2 to
    -0.9, the same pages turned +0.2 to +0.9. None when the page has too few lines to ask (three)."""
    widest = sorted(quads, key=lambda q: float(np.linalg.norm(q[1] - q[0])), reverse=True)
    lines = [x for x in (_input(bgr, q) for q in widest[:PROBES]) if x is not None]
    if len(lines) < 3:
        return None
    sess = session()
    name = sess.get_inputs()[0].name
    probs = sess.run(None, {name: _batch(lines + [np.ascontiguousarray(x[::-1, ::-1]) for x in lines])})[0]
    n = len(lines)
    return float(np.mean(probs[:n, 1]) - np.mean(probs[n:, 1]))
