"""Default engine: PP-OCR finds the lines, Tesseract (kor, psm 7) reads each cut-out line."""

from __future__ import annotations

import re

import cv2
import numpy as np

from ocr import preprocess as pp
from ocr.engines import detector, tess
from ocr.errors import OcrEngineError
from ocr.model import TextLine

# Hangul read for Latin codes (KTX, SRT, KORAIL) is common with `kor`; such lines get an `eng` re-read.
_SUSPECT = re.compile(r"[^\uac00-\ud7a30-9\s.,:;()\[\]\-/~*원#]")
MIN_LINES = 3
# A line read with less confidence gets a second reading with bolder strokes (higher, it would trade
# digits of sharp print for letters: 55,700 read as 55,70에).
DOUBTFUL = 0.3
_DATE_LIKE = re.compile(r"\d{2}\s*[-./년]\s*\d{1,2}\s*[-./월]\s*\d{1,2}")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]{4}")
_LETTER = re.compile(r"[\uac00-\ud7a3A-Za-z]")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")


class LineEngine:
    """Detector + per-line recogniser; falls back to full-page Tesseract when nothing is found."""

    name = "ppocr-det+tesseract"
    crops_paper = True  # takes full-detail photos: crops the receipt out, then shrinks it to the working size

    def read(self, image: np.ndarray) -> list[TextLine]:
        """Text lines of the page, rotating it upright first when needed."""
        image = pp.light_background(image)
        image, paper = _focus_on_paper(image)
        big = image
        image, paper = _fit(image, paper)
        # No upscaling here: each line is resampled to LINE_HEIGHT when it is cut out.
        quads = detector.detect(image)
        image, paper, quads = _zoom_on_small_text(image, paper, quads, big)
        if pp.lines_look_vertical(quads):
            image, paper = pp.rotate(image, 1), None
            quads = detector.detect(image)
        if len(quads) < MIN_LINES:
            from ocr.engines.page import PageEngine

            return PageEngine().read(image)
        gray = pp.flatten(pp.to_gray(image))
        lines = self._recognise(gray, quads, paper)
        if _mean_conf(lines) < 0.55:
            # Maybe upside down (or the 90-degree guess was the wrong way): try the half turn.
            flipped = pp.rotate(gray, 2)
            h, w = gray.shape[:2]
            turned = [np.array([[w - 1 - x, h - 1 - y] for x, y in q[[2, 3, 0, 1]]], np.float32)
                      for q in quads]
            other = self._recognise(flipped, sorted(turned, key=lambda q: (q[:, 1].mean(), q[:, 0].min())),
                                    None)
            if _mean_conf(other) > _mean_conf(lines) + 0.1:
                lines = other
        return lines

    def _recognise(self, gray: np.ndarray, quads: list[np.ndarray],
                   paper: np.ndarray | None) -> list[TextLine]:
        """Read every quad; give doubtful lines a second reading in English."""
        out = []
        level = _choose_frame(quads, gray.shape, paper)
        lang = tess.primary_lang()
        for quad in quads:
            crop = pp.crop_line(gray, quad)
            text, conf = tess.read_line(crop, lang)
            if conf < DOUBTFUL and pp.has_ink(crop):
                # Faint, broken or dotted strokes (fading thermal, dot-matrix) read empty or as noise: bolder
                # strokes read again, kept when Tesseract is clearly surer of them.
                bold, bold_conf = tess.read_line(pp.thicken(crop), lang)
                if bold and bold_conf > conf + 0.2:
                    text, conf = bold, bold_conf
            alt = None
            if text and _wants_english(text, conf):
                eng = _english(crop)
                if eng and re.search(r"[A-Za-z]{2,}", eng):
                    alt = eng
            if not text and not alt:
                continue
            flat = level(quad)
            x0, y0 = flat.min(0)
            x1, y1 = flat.max(0)
            out.append(TextLine(text=text, box=(int(x0), int(y0), int(x1), int(y1)), conf=conf, alt=alt))
        return out


def _wants_english(text: str, conf: float) -> bool:
    """A second reading in `eng` for doubtful lines: Latin codes read as Hangul, and every date line.

    A line with a run of four Hangul syllables is Korean text; re-reading it in English costs a quarter of
    the recognition time and only yields garbage; so does a line of digits and signs alone (an `eng` reading
    is kept only when it spells Latin letters) or of Hangul without a digit. Date lines are always re-read:
    the two models misread POS-font digits differently, which is what the date cross-check needs.
    """
    if _DATE_LIKE.search(text):
        return True
    if _HANGUL_RUN.search(text) or not _LETTER.search(text) or not _LATIN_OR_DIGIT.search(text):
        # Korean text; digits and signs only (an amount, a number); Hangul without a digit (a Latin code
        # misread as Hangul comes with its number: KTX 101): `eng` adds nothing there.
        return False
    return conf < 0.85 or bool(_SUSPECT.search(text))


def _english(crop: np.ndarray) -> str | None:
    """The line read with Tesseract `eng`, or None where that model is not installed (it only helps)."""
    try:
        return tess.read_line(crop, "eng")[0]
    except OcrEngineError:
        return None


def _fit(image: np.ndarray, paper):
    """Shrink to the working size (long side WORK_LONG_SIDE), scaling the paper corners with it."""
    from ocr.loader import WORK_LONG_SIDE

    h, w = image.shape[:2]
    f = WORK_LONG_SIDE / max(h, w)
    if f >= 1:
        return image, paper
    small = cv2.resize(image, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA)
    return small, (paper * np.float32(f) if paper is not None else None)


def _zoom_on_small_text(image: np.ndarray, paper, quads: list[np.ndarray], big: np.ndarray | None = None):
    """Detect again on the text's own extent when the text came out tiny (a slip on an A4 scan).

    The crop is cut from `big`, the full-detail photo, when there is one: a slip filling a fifth of a
    12-megapixel frame keeps the pixels its small print needs.
    """
    if len(quads) < MIN_LINES:
        return image, paper, quads
    heights = [float(np.linalg.norm(q[3] - q[0])) for q in quads]
    small = float(np.median(heights)) * detector.scale_for(image.shape)
    if small >= 14:
        return image, paper, quads
    h, w = image.shape[:2]
    pts = np.concatenate(quads)
    pad = 0.02 * max(h, w) + 3 * float(np.median(heights))
    x0, y0 = np.maximum(pts.min(0) - pad, 0).astype(int)
    x1, y1 = np.minimum(pts.max(0) + pad, [w, h]).astype(int)
    if (x1 - x0) * (y1 - y0) > 0.6 * w * h:
        return image, paper, quads
    f = big.shape[0] / h if big is not None else 1.0
    if f > 1.05:
        crop, _ = _fit(np.ascontiguousarray(big[int(y0 * f):int(y1 * f), int(x0 * f):int(x1 * f)]), None)
        g = crop.shape[0] / max(1, y1 - y0)
        moved = (paper - np.float32([x0, y0])) * np.float32(g) if paper is not None else None
        return crop, moved, detector.detect(crop)
    crop = np.ascontiguousarray(image[y0:y1, x0:x1])
    return crop, (paper - np.float32([x0, y0]) if paper is not None else None), detector.detect(crop)


def _focus_on_paper(image: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Crop to the receipt when it fills only part of the photo, so detection spends its pixels on text.

    Returns the (possibly cropped) image and the paper's corners in its coordinates, or None.
    """
    paper = pp.find_paper(pp.to_gray(image))
    if paper is None:
        return image, None
    h, w = image.shape[:2]
    x0, y0 = np.maximum(paper.min(0) - 0.03 * max(h, w), 0).astype(int)
    x1, y1 = np.minimum(paper.max(0) + 0.03 * max(h, w), [w, h]).astype(int)
    if (x1 - x0) * (y1 - y0) > 0.7 * w * h:
        return image, paper
    return np.ascontiguousarray(image[y0:y1, x0:x1]), paper - np.float32([x0, y0])


def _choose_frame(quads: list[np.ndarray], shape: tuple, paper: np.ndarray | None):
    """The paper's homography when it levels the lines better than a plain rotation, else the rotation.

    A wrong paper outline (a shadow edge, a table border) would skew every box, so it must earn its place.
    """
    rotation = _deskewer(quads, shape)
    if paper is None:
        return rotation
    homography = _rectifier(paper)
    if _frame_badness(quads, homography) < _frame_badness(quads, rotation):
        return homography
    return rotation


def _frame_badness(quads: list[np.ndarray], level) -> float:
    """Median slope of line tops plus how far line heights moved: 0 for a perfect frame."""
    slopes, stretch = [], []
    for q in quads:
        if np.linalg.norm(q[1] - q[0]) < 2 * np.linalg.norm(q[3] - q[0]):
            continue
        f = level(q)
        slopes.append(abs(f[1, 1] - f[0, 1]) / max(1.0, abs(f[1, 0] - f[0, 0])))
        before = np.linalg.norm(q[3] - q[0])
        after = abs(f[3, 1] - f[0, 1])
        stretch.append(abs(np.log(max(after, 1.0) / max(before, 1.0))))
    if not slopes:
        return 0.0
    return float(np.median(slopes) + 0.5 * np.median(stretch))


def _rectifier(paper: np.ndarray):
    """Map page points into the paper's own rectangle, undoing perspective for the geometry only.

    Recognition still reads the unwarped crops (warping the page first read worse); only the boxes move,
    so that a label and its value on a slanted photo land on one row.
    """
    tl, tr, br, bl = paper
    w = float(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    h = float(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    dst = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    m = cv2.getPerspectiveTransform(paper.astype(np.float32), dst)

    def level(quad: np.ndarray) -> np.ndarray:
        return cv2.perspectiveTransform(quad.reshape(-1, 1, 2).astype(np.float32), m).reshape(-1, 2)
    return level


def _deskewer(quads: list[np.ndarray], shape: tuple):
    """A function mapping quads into a frame where the page's text runs level.

    Boxes are reported in that frame so that labels and their values on a tilted photo still share a row.
    """
    angles = [np.degrees(np.arctan2(q[1, 1] - q[0, 1], q[1, 0] - q[0, 0])) for q in quads
              if np.linalg.norm(q[1] - q[0]) > 2 * np.linalg.norm(q[3] - q[0])]
    angle = float(np.median(angles)) if angles else 0.0
    c, s = np.cos(np.radians(-angle)), np.sin(np.radians(-angle))
    cx, cy = shape[1] / 2, shape[0] / 2
    rot = np.array([[c, -s], [s, c]], np.float32)

    def level(quad: np.ndarray) -> np.ndarray:
        return (quad - [cx, cy]) @ rot.T + [cx, cy]
    return level


def _mean_conf(lines: list[TextLine]) -> float:
    """Length-weighted mean confidence."""
    total = sum(len(line.text) for line in lines)
    return sum(line.conf * len(line.text) for line in lines) / total if total else 0.0
