"""Default engine: PP-OCR finds the lines, Tesseract (kor, psm 7) reads each cut-out line."""

from __future__ import annotations

import re

import cv2
import numpy as np

from ocr import preprocess as pp
from ocr.engines import detector, direction, pprec, tess
from ocr.errors import OcrEngineError
from ocr.model import TextLine

# Hangul read for Latin codes (KTX, SRT, KORAIL) is common with `kor`; such lines get an `eng` re-read.
_SUSPECT = re.compile(r"[^\uac00-\ud7a30-9\s.,:;()\[\]\-/~*원#]")
MIN_LINES = 3
# Fewer boxes than FAR_LINES spanning under FAR_SHARE of the frame: a page photographed from afar.
FAR_LINES = 12
FAR_SHARE = 0.05
UPRIGHT_PROBES = 3  # lines read both ways up to tell a page turned the wrong way round
PROBE_WIDTH = 8 * pp.LINE_HEIGHT
# A line read with less confidence gets a second reading with bolder strokes (higher, it would trade
# digits of sharp print for letters: 55,700 read as 55,70에).
DOUBTFUL = 0.3
# A page whose lines read with a median confidence under DEGRADED_MEDIAN (a clean page reads at 0.9 and
# more) has its lines under SURE_LINE read again from stroke-merged crops.
DEGRADED_MEDIAN = 0.8
SURE_LINE = 0.9
# A reading of merged dots replaces the first only when Tesseract is this sure of it: on a page of noise
# (a blurred scan of a scan) the blur turns specks into surer garbage that would pass for numbers.
MERGED_SURE = 0.7
# Double-height print (a POS printer's total line: glyphs twice as tall as wide) reads as a digit or two
# ('8,520' as '10'); a line whose glyphs (runs of inked columns) are narrower than CONDENSED of its height
# is read again stretched STRETCH times as wide, when its first reading is not sure.
CONDENSED = 0.2
STRETCH = 2.0
# The stretched reading replaces the first when surer by this much: a line read at 1 - STRETCH_SURER or more
# (Tesseract's confidence tops at 1) is not stretched.
STRETCH_SURER = 0.15
# Only a line at most this many times as wide as tall is stretched: a double-height total is a short line,
# and Tesseract's time grows with the width (a menu's dotted rows, 28 heights wide, took 1.4 s each).
STRETCH_MAX_ASPECT = 20
# Tightly spaced print (a slip's header, a bold column of labels) can come out of the detector as one box
# over several lines, which psm 7 reads as garbage. A box at least STACKED times the page's median line
# height is cut at the valleys of its rows' ink into lines, when every valley is nearly blank (under VALLEY
# of the ink of the lines beside it) and every line cut out is within SPLIT_PITCH of the median height: a
# title or a double-height total is one band of ink, without valleys, and keeps its box.
STACKED = 1.7
VALLEY = 0.15
SPLIT_PITCH = (0.4, 1.6)
LINE_INK = 0.45  # of the median box height: the least ink height of a line of text (a box is ~1.6x its ink)
SPLIT_SURER = 0.1
COVERED = 0.5
PAIR = 2.2  # a box cut in two must be this many median heights tall
NARROW = 2.5  # of the median height: a box narrower than that holds glyphs, not lines, and is not cut
# Dot-matrix print found as lines after a light blur, with more than PIECES of its boxes still letter-sized
# squares (dots spaced wide, words in pieces), is also blurred more strongly (see _merge_dotted_print).
PIECES = 0.25
# A page reading under TURN_TRIED on the mean is read half turned as well; one reading under DEGRADED_MEDIAN
# only when the direction classifier takes its lines for upside down by TURN_MARGIN (see
# _looks_upside_down): an upside-down screenshot's bold digits read as digits (0.58 on the mean). Upright real
# photos of small POS print measured margins up to 0.1 (at a margin of 0.1 one such slip was read a second
# time, half turned, for nothing), the samples' upright pages -0.2 and under, upside-down screenshots and
# slips 0.6-1.0.
TURN_TRIED = 0.55
TURN_MARGIN = 0.3
# A page read again with its motion blur undone keeps that reading when surer by this much (mean confidence).
SHAKEN_SURER = 0.05
_DATE_LIKE = re.compile(r"\d{2}\s*[-./년]\s*\d{1,2}\s*[-./월]\s*\d{1,2}")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]{4}")
_LETTER = re.compile(r"[\uac00-\ud7a3A-Za-z]")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")


class LineEngine:
    """Detector + per-line recogniser; falls back to full-page Tesseract when nothing is found."""

    name = "ppocr-det+tesseract"
    crops_paper = True  # takes full-detail photos: crops the receipt out, then shrinks it to the working size
    # lines -> True when they make no receipt (set by the pipeline to its classifier; see _says_nothing).
    says_nothing = None
    # Quarter turns counter-clockwise (pp.rotate) the last page read was given to read it upright.
    quarter_turns = 0

    def read(self, image: np.ndarray) -> list[TextLine]:
        """Text lines of the page, rotating it upright first when needed (`quarter_turns` says how)."""
        self.quarter_turns = 0
        gray = pp.to_gray(image)  # of the full-detail photo: converted once for both looks at it
        light = pp.light_background(image, gray)
        image, paper = _focus_on_paper(light, gray if light is image else None)
        big = image
        image, paper = _fit(image, paper)
        # No upscaling here: each line is resampled to LINE_HEIGHT when it is cut out.
        quads = detector.detect(image)
        image, paper, quads = _zoom_on_small_text(image, paper, quads, big)
        image, quads = _merge_dotted_print(image, quads)
        if pp.lines_look_vertical(quads):
            image, paper = pp.rotate(image, 1), None
            image, quads = _merge_dotted_print(image, detector.detect(image))
            upright, quads = _upright(image, quads)  # the same page when it lay the way first guessed
            self.quarter_turns = 1 if upright is image else 3
            image = upright
        self._page = None
        if len(quads) < MIN_LINES:
            from ocr.engines.page import PageEngine

            return PageEngine().read(image)
        raw = pp.to_gray(image)
        gray = pp.flatten(raw)
        quads = split_stacked_lines(gray, quads)
        lines = self._recognise(gray, quads, paper, raw)
        lines = _reread_degraded(gray, quads, paper, lines)
        gray, lines = self._unshaken(gray, quads, paper, lines)
        mean = _mean_conf(lines)
        if mean < TURN_TRIED or _looks_upside_down(image, quads, mean):
            # Maybe upside down (or the 90-degree guess was the wrong way): try the half turn, read as the
            # first way was (its degraded lines re-read too: dot-matrix print read upright only after that).
            turned, turned_quads = pp.rotate(gray, 2), _half_turned(quads, gray.shape)
            other = _reread_degraded(turned, turned_quads, None, self._recognise(turned, turned_quads, None))
            if _mean_conf(other) > mean + 0.1 or self._only_other_speaks(lines, other):
                lines = other
                gray, quads, paper = turned, turned_quads, None
                self.quarter_turns = (self.quarter_turns + 2) % 4
        # What reread() cuts lines from: get_engine builds one engine per document, so this is its page.
        self._page = (gray, quads, paper)
        return lines

    def reread(self, box: tuple[int, int, int, int], *, doubtful: bool = False,
               part: slice = slice(None)) -> list[tuple[str, float]]:
        """The line read at `box` read again from a few variants of its crop (see reread_line), or from
        the `part` of them asked for; a doubtful line also drawn as wide again as condensed print needs
        (MENDS)."""
        page = getattr(self, "_page", None)
        return reread_line(*page, box, (MENDS if doubtful else REREADS)[part]) if page else []

    def reread_other(self, box: tuple[int, int, int, int]) -> list[tuple[str, float]]:
        """The line read at `box` read again with the other looks (OTHER_LOOKS: black and white, `kor`
        alone), for a name the cut-outs of reread() did not agree on."""
        page = getattr(self, "_page", None)
        return reread_line(*page, box, OTHER_LOOKS) if page else []

    def read_digits(self, box: tuple[int, int, int, int], word: int = 0) -> str | None:
        """The line at `box` read as digits alone by `eng` (tess.read_digits), or only its `word`-th word
        from the right end (1 the last: the amount after its label), None when it cannot be."""
        crop = self._crop(box)
        if crop is None:
            return None
        if word:
            words = _word_spans(crop)
            if len(words) < max(2, word):
                return None  # the label and the amount are not apart: the label would read as digits
            x0, x1 = words[-word]
            crop = np.ascontiguousarray(crop[:, max(0, x0 - 8):x1 + 8])
        try:
            return tess.read_digits(crop) if pp.has_ink(crop) else None
        except OcrEngineError:
            return None  # no `eng` model installed: it only helps

    def read_other(self, box: tuple[int, int, int, int]) -> tuple[str, float] | None:
        """The line at `box` read by the second recogniser (pprec: PP-OCR, no Hangul, sure of digits), None
        when it cannot be (no such line, no ink, no model: it only helps)."""
        crop = self._crop(box)
        if crop is None or not pp.has_ink(crop):
            return None
        try:
            return pprec.read_line(crop)
        except OcrEngineError:
            return None

    def _crop(self, box: tuple[int, int, int, int]) -> np.ndarray | None:
        """The line read at `box` cut out of the page again, as it was for its first reading."""
        page = getattr(self, "_page", None)
        if not page:
            return None
        gray, quads, paper = page
        level = _choose_frame(quads, gray.shape, paper)
        quad = next((q for q in quads if _box(level(q)) == tuple(box)), None)
        return None if quad is None else pp.crop_line(gray, quad)

    def _recognise(self, gray: np.ndarray, quads: list[np.ndarray],
                   paper: np.ndarray | None, raw: np.ndarray | None = None) -> list[TextLine]:
        """Read every quad; give doubtful lines a second reading in English.

        A line whose own box on the unflattened page `raw` is light letters on a dark ground, where the
        flattened page no longer is (a banner the page-wide band test missed, a shadow across it), is
        also read from the unflattened page; the surer reading is kept.

        Doubtful and condensed lines are mended (_second_look, _stretched_look) only when the page, as
        first read, may be a receipt (see _says_nothing): a menu's dotted rows and a notice's ornaments
        read as noise however they are cut, and mending them cost a menu most of its time.
        """
        level = _choose_frame(quads, gray.shape, paper)
        lang = tess.primary_lang()
        first = []
        for quad in quads:
            crop = pp.crop_line(gray, quad)
            text, conf = tess.read_line(crop, lang)
            if raw is not None and pp.lighter_letters(raw, quad) and not pp.lighter_letters(gray, quad):
                crop_raw = pp.crop_light_letters(raw, quad)
                again, again_conf = tess.read_line(crop_raw, lang)
                if again and again_conf > conf:
                    crop, text, conf = crop_raw, again, again_conf
            first.append((quad, crop, text, conf))
        unmended = self._says_nothing(first, level)
        if unmended is not None:
            return unmended
        out = []
        for quad, crop, text, conf in first:
            if conf < DOUBTFUL:
                text, conf = _second_look(crop, text, conf, lang)
            if _may_stretch(crop, conf):
                text, conf = _stretched_look(crop, text, conf, lang)
            alt = _alt(crop, text, conf)
            if not text and not alt:
                continue
            out.append(TextLine(text=text, box=_box(level(quad)), conf=conf, alt=alt))
        return out

    def _unshaken(self, gray: np.ndarray, quads: list[np.ndarray], paper: np.ndarray | None,
                  lines: list[TextLine]) -> tuple[np.ndarray, list[TextLine]]:
        """(page, lines) read again from the page with its motion blur undone (pp.motion_blur, pp.deblur),
        kept when they read surer by SHAKEN_SURER; else as they were. Only a page that reads doubtfully
        (mean confidence under DEGRADED_MEDIAN) is looked at: a sharp page never pays for it."""
        if _mean_conf(lines) >= DEGRADED_MEDIAN:
            return gray, lines
        blur = pp.motion_blur(gray)
        if blur is None:
            return gray, lines
        sharp = pp.deblur(gray, *blur)
        other = _reread_degraded(sharp, quads, paper, self._recognise(sharp, quads, paper))
        if _mean_conf(other) > _mean_conf(lines) + SHAKEN_SURER:
            return sharp, other
        return gray, lines

    def _only_other_speaks(self, lines: list[TextLine], other: list[TextLine]) -> bool:
        """The half-turned reading `other` reads surer and makes a receipt where `lines` make none (by the
        pipeline's `says_nothing` test): dot-matrix print lying on its side reads badly both ways round, so
        the confidence alone does not tell which way is up; the words do."""
        says_nothing = getattr(self, "says_nothing", None)
        return (says_nothing is not None and _mean_conf(other) > _mean_conf(lines)
                and says_nothing(lines) and not says_nothing(other))

    def _says_nothing(self, first: list[tuple], level) -> list[TextLine] | None:
        """The page's lines as first read (`first`: quad, crop, text, conf per line), with their English
        readings, when they make no receipt by the `says_nothing` test the pipeline gives (its classifier:
        True for a menu or a notice); None when they may (and always with no test given), so that the
        caller mends them. The English readings (KTX, KORAIL, TOTAL) count as they will in the end."""
        says_nothing = getattr(self, "says_nothing", None)
        if says_nothing is None:
            return None
        plain = [TextLine(text=t, box=_box(level(q)), conf=c) for q, _, t, c in first if t]
        if not says_nothing(plain):
            return None
        read = [TextLine(text=t, box=_box(level(q)), conf=c, alt=_alt(crop, t, c)) for q, crop, t, c in first]
        read = [l for l in read if l.text or l.alt]
        return read if says_nothing(read) else None


WORD_GAP = 0.22  # of the crop's height: a blank run of columns this wide parts two words


def _word_spans(crop: np.ndarray) -> list[tuple[int, int]]:
    """The (first, last + 1) inked columns of each word of a cut-out line, left to right: runs of ink
    parted by blank columns WORD_GAP of its height wide (a space; the gaps inside '17,000' are narrower)."""
    inked = (crop < 128).any(axis=0)
    spans, start, blank = [], None, 0
    gap = max(4, int(WORD_GAP * crop.shape[0]))
    for x, ink in enumerate(inked):
        if ink:
            if start is None:
                start = x
            blank, end = 0, x + 1
        elif start is not None:
            blank += 1
            if blank >= gap:
                spans.append((start, end))
                start = None
    if start is not None:
        spans.append((start, end))
    return spans


def _alt(crop: np.ndarray, text: str, conf: float) -> str | None:
    """The line's `eng` reading where it is wanted (_wants_english) and spells Latin letters, else None."""
    if text and _wants_english(text, conf):
        eng = _english(crop)
        if eng and re.search(r"[A-Za-z]{2,}", eng):
            return eng
    return None


def _widened(crop: np.ndarray, factor: float) -> np.ndarray:
    """The crop drawn `factor` times as wide: Tesseract misreads a syllable of one glyph width that it reads
    right a little wider or narrower (condensed POS fonts above all)."""
    return cv2.resize(crop, None, fx=factor, fy=1.0,
                      interpolation=cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA)


# Cut-out variants for a re-read: a larger scale, bolder strokes, wider and narrower glyphs. Each misreads
# differently (measured: other heights, a sharpened or taller cut and a stretch of 1.6 agreed with each
# other's mistakes more often); where most agree, the page said it.
REREADS = (
    lambda g, q: pp.crop_line(g, q, 72),
    lambda g, q: pp.thicken(pp.crop_line(g, q)),
    lambda g, q: _widened(pp.crop_line(g, q), 1.3),
    lambda g, q: _widened(pp.crop_line(g, q), 0.8),
)
# A line read as noise (conf under 0.6) in condensed print (tall narrow glyphs, terminal slips) reads right
# drawn 1.6x wider (a company name read at 0.38 as junk, at 0.91 right). In a vote that stretch echoes the
# other cuts' mistakes, so it only serves to mend doubtful lines, where a much surer reading is kept.
MENDS = REREADS + (lambda g, q: _widened(pp.crop_line(g, q), 1.6),)


# Other looks at a line, for a name the cut-outs above could not agree on (a ticket's end lost on a blurred
# or crumpled photo): the line in black and white (pp.binarised), and `kor` alone, without the script model,
# which on such lines returns Latin letters for Hangul ('AES' for 논산터미널, where `kor` reads '손산...').
# Each pairs a cut with a model (None: the primary languages).
OTHER_LOOKS = (
    (lambda g, q: pp.binarised(pp.crop_line(g, q)), None),
    (lambda g, q: pp.crop_line(g, q), "kor"),
    (lambda g, q: pp.crop_line(g, q, 72), "kor"),
)


def reread_line(gray: np.ndarray, quads: list[np.ndarray], paper: np.ndarray | None,
                box: tuple[int, int, int, int], cuts=REREADS) -> list[tuple[str, float]]:
    """Readings of the line found at `box` from each variant of its crop in `cuts` (a cut, or a cut and
    the model to read it with): a handful of Tesseract calls for one field a parser wants a vote on (a
    store name), never for the whole page."""
    level = _choose_frame(quads, gray.shape, paper)
    quad = next((q for q in quads if _box(level(q)) == tuple(box)), None)
    if quad is None:
        return []
    primary = tess.primary_lang()
    out = []
    for cut in cuts:
        cut, lang = cut if isinstance(cut, tuple) else (cut, None)
        crop = cut(gray, quad)
        if pp.has_ink(crop):
            try:
                out.append(tess.read_line(crop, lang or primary))
            except OcrEngineError:
                continue  # a model not installed: the other looks only help
    return out


def _half_turned(quads: list[np.ndarray], shape: tuple) -> list[np.ndarray]:
    """The quads of a page turned by 180 degrees, corners and reading order kept."""
    h, w = shape[:2]
    turned = [np.array([[w - 1 - x, h - 1 - y] for x, y in q[[2, 3, 0, 1]]], np.float32) for q in quads]
    return sorted(turned, key=lambda q: (q[:, 1].mean(), q[:, 0].min()))


def _upright(image: np.ndarray, quads: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """A page found lying on its side and turned a quarter counter-clockwise, turned half round when it had
    lain the other way: its widest lines read both ways tell, at a fraction of reading the page twice.
    """
    if len(quads) < MIN_LINES:
        return image, quads
    gray = pp.flatten(pp.to_gray(image))
    lang = tess.primary_lang()
    widest = sorted(quads, key=lambda q: float(np.linalg.norm(q[1] - q[0])), reverse=True)
    # A few words of a line tell its way up: each probe is cut to its first PROBE_WIDTH pixels.
    crops = [c[:, :PROBE_WIDTH] for c in (pp.crop_line(gray, q) for q in widest[:8]) if pp.has_ink(c)]
    crops = crops[:UPRIGHT_PROBES]
    if not crops:
        return image, quads
    up = [tess.read_line(c, lang)[1] for c in crops]
    if float(np.mean(up)) >= 0.8:  # it reads well as it is
        return image, quads
    down = [tess.read_line(np.ascontiguousarray(c[::-1, ::-1]), lang)[1] for c in crops]
    if float(np.mean(down)) > float(np.mean(up)) + 0.1:
        return pp.rotate(image, 2), _half_turned(quads, image.shape)
    return image, quads


def _second_look(crop: np.ndarray, text: str, conf: float, lang: str) -> tuple[str, float]:
    """A doubtful line read again from mended strokes; the surer reading is kept (by 0.2, else the first).

    Faint, broken or dotted print (fading thermal, dot-matrix slips) reads empty or as noise: strokes one
    pixel bolder, then, when that is still doubtful, dots merged by a blur.
    """
    if not pp.has_ink(crop):
        return text, conf
    best, best_conf, margin = text, conf, 0.2
    for mend, floor in ((pp.thicken, 0.0), (pp.smooth_dots, MERGED_SURE)):
        again, again_conf = tess.read_line(mend(crop), lang)
        if again and again_conf > best_conf + margin and again_conf >= floor:
            best, best_conf, margin = again, again_conf, 0.0
        if best_conf >= 0.75:
            break
    return best, best_conf


def _condensed(crop: np.ndarray) -> bool:
    """Glyphs much taller than wide: the median run of inked columns (a glyph, or a stroke group of a
    syllable) under CONDENSED of the line's height, over at least three runs."""
    core = crop[10:-10, 14:-14] < 128  # crop_line's padding off
    if core.size == 0 or not pp.has_ink(crop):
        return False
    edges = np.diff(np.concatenate(([0], core.any(0).astype(np.int8), [0])))
    runs = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)
    return len(runs) >= 3 and float(pp.median(runs)) < CONDENSED * core.shape[0]


def split_stacked_lines(gray: np.ndarray, quads: list[np.ndarray]) -> list[np.ndarray]:
    """Every box STACKED times as tall as the page's median line replaced by the lines it holds, where
    its ink splits clearly into rows (see _split_rows); the others kept as they are."""
    if len(quads) < MIN_LINES:
        return quads
    heights = [float(np.linalg.norm(q[3] - q[0])) for q in quads]
    median = float(pp.median(heights))
    level = _deskewer(quads, gray.shape)
    out = []
    for k, (quad, height) in enumerate(zip(quads, heights)):
        if height < STACKED * median:
            out.append(quad)
            continue
        # A line the detector also found on its own is not read twice; a box mostly over such lines is the
        # detector's second guess at a busy area, not lines it missed, and is left as it is.
        others = [_box(q) for j, q in enumerate(quads) if j != k and heights[j] < STACKED * median]
        if _covered(_box(quad), others) > COVERED:
            out.append(quad)
            continue
        pieces = _split_rows(gray, _levelled(quad, level), median)
        if len(pieces) < 2:
            out.append(quad)
            continue
        out.extend(p for p in pieces if not any(_inside(p.mean(0), box) for box in others))
    return out


def _covered(box: tuple[int, int, int, int], others: list[tuple[int, int, int, int]]) -> float:
    """The share of `box` under the boxes `others`."""
    x0, y0, x1, y1 = box
    under = np.zeros((y1 - y0 + 1, x1 - x0 + 1), bool)
    for a, b, c, d in others:
        under[max(b - y0, 0):max(d - y0 + 1, 0), max(a - x0, 0):max(c - x0 + 1, 0)] = True
    return float(under.mean())


def _inside(point: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """The point lies within the box (x0, y0, x1, y1)."""
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _levelled(quad: np.ndarray, level) -> np.ndarray:
    """The rectangle around `quad` drawn along the page's lines (`level` maps the page into their frame):
    the detector may tilt a box it drew over several lines, and the rows of its ink are only blank between
    lines along the print's own direction."""
    flat = level(quad)
    (x0, y0), (x1, y1) = flat.min(0), flat.max(0)
    rect = np.float32([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    # `level` is a rotation about the page's centre: rotating back maps the rectangle onto the page.
    probe = level(np.float32([[0, 0], [1, 0]]))
    c, s = probe[1] - probe[0]
    return ((rect - probe[0]) @ np.array([[c, -s], [s, c]], np.float32)).astype(np.float32)


def _split_rows(gray: np.ndarray, quad: np.ndarray, median: float) -> list[np.ndarray]:
    """The quad cut along the blank rows between its bands of ink, each piece trimmed to its own ink's
    width; [quad] when the split is not clear."""
    tl, tr, br, bl = quad
    w = int(round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))))
    h = int(round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))))
    if w < NARROW * median or h < 8:
        return [quad]  # a glyph or two stacked, not lines of text
    rect = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    m = cv2.getPerspectiveTransform(quad.astype(np.float32), rect)
    crop = cv2.warpPerspective(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    lo, hi = pp.percentiles(crop, (3, 97))
    if hi - lo < 30:
        return [quad]
    ink = crop < (lo + hi) / 2
    if pp.median(np.concatenate([ink[0], ink[-1], ink[:, 0], ink[:, -1]])):
        ink = ~ink  # light print on a dark band
    rows = ink.mean(1)
    peak = float(np.percentile(rows, 90))
    if peak <= 0:
        return [quad]
    inked = rows > VALLEY * peak
    edges = np.diff(np.concatenate(([0], inked.astype(np.int8), [0])))
    bands = list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)))
    # Specks and rules (a dashed line) are not lines of text: bands under a third of the tallest are left
    # inside the piece they fall in.
    bands = _whole_lines([(a, b) for a, b in bands if b - a >= 2], median)
    while bands and bands[0][1] - bands[0][0] < LINE_INK * median:
        bands = bands[1:]  # the edge of a line beyond the box
    while bands and bands[-1][1] - bands[-1][0] < LINE_INK * median:
        bands = bands[:-1]
    if len(bands) < 2 or min(b - a for a, b in bands) < LINE_INK * median:
        return [quad]
    cuts = [0] + [(b0 + a1) // 2 for (_, b0), (a1, _) in zip(bands, bands[1:])] + [h]
    pitches = np.diff(cuts)
    # A piece still over several lines (no clear valley there) stays one box; two line-high pieces at least.
    if pitches.min() < SPLIT_PITCH[0] * median or (pitches <= SPLIT_PITCH[1] * median).sum() < 2:
        return [quad]
    if len(bands) == 2 and h < PAIR * median:
        return [quad]  # maybe one line of large print, its syllables' final consonants a row of their own
    back = np.linalg.inv(m)
    pieces = []
    for y0, y1 in zip(cuts, cuts[1:]):
        cols = _text_columns(ink[y0:y1].any(0), y1 - y0)
        if not len(cols):
            continue
        pad = 0.5 * (y1 - y0)
        x0, x1 = max(0.0, cols[0] - pad), min(float(w), cols[-1] + 1 + pad)
        corners = np.float32([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]).reshape(-1, 1, 2)
        pieces.append(cv2.perspectiveTransform(corners, back).reshape(-1, 2))
    if len(pieces) < 2:
        return [quad]
    # The halves of one line of large print (a syllable's final consonant under its vowel) split as
    # cleanly as two lines do: the pieces must read surer than the box did.
    lang = tess.primary_lang()
    whole = tess.read_line(pp.crop_line(gray, quad), lang)[1]
    read = [tess.read_line(pp.crop_line(gray, p), lang) for p in pieces]
    size = sum(len(t) for t, _ in read)
    surer = sum(c * len(t) for t, c in read) / size if size else 0.0
    return pieces if surer >= whole + SPLIT_SURER else [quad]


def _text_columns(inked: np.ndarray, height: int) -> np.ndarray:
    """The inked columns of a piece, without a speck or an edge of the paper standing apart at either end
    (a run no wider than the line is high, a line's height or more from the rest)."""
    cols = np.flatnonzero(inked)
    while len(cols) > 1:
        gaps = np.flatnonzero(np.diff(cols) > height)
        if len(gaps) and cols[gaps[0]] - cols[0] < height:
            cols = cols[gaps[0] + 1:]
        elif len(gaps) and cols[-1] - cols[gaps[-1] + 1] < height:
            cols = cols[:gaps[-1] + 1]
        else:
            break
    return cols


def _whole_lines(bands: list[tuple[int, int]], median: float) -> list[tuple[int, int]]:
    """Bands of ink joined where one is too thin for a line of text (the top or bottom half of a row of
    syllables, a rule): the thin band goes to the neighbour across the narrower gap, while the two together
    stay within a line's height."""
    bands = list(bands)
    while True:
        thin = [k for k, (a, b) in enumerate(bands) if b - a < LINE_INK * median]
        joined = False
        for k in thin:
            gaps = [(bands[k][0] - bands[k - 1][1], k - 1) if k > 0 else None,
                    (bands[k + 1][0] - bands[k][1], k) if k + 1 < len(bands) else None]
            for _, j in sorted(g for g in gaps if g is not None):
                if bands[j + 1][1] - bands[j][0] <= median:
                    bands[j:j + 2] = [(bands[j][0], bands[j + 1][1])]
                    joined = True
                    break
            if joined:
                break
        if not joined:
            return bands


def _may_stretch(crop: np.ndarray, conf: float) -> bool:
    """A line worth reading again stretched (_stretched_look): not sure, condensed, at most
    STRETCH_MAX_ASPECT times as wide as tall, and read under 1 - STRETCH_SURER, since a stretched reading
    must be surer by STRETCH_SURER and Tesseract's confidence tops at 1 (12 of 120 stretches on real dev
    could not have been kept)."""
    return (conf < SURE_LINE and conf + STRETCH_SURER < 1.0
            and crop.shape[1] <= STRETCH_MAX_ASPECT * crop.shape[0] and _condensed(crop))


def _stretched_look(crop: np.ndarray, text: str, conf: float, lang: str) -> tuple[str, float]:
    """A condensed line read again stretched STRETCH times as wide; kept when surer by STRETCH_SURER (a
    doubtful first reading of double-height digits is a digit or two, its stretched reading the amount)."""
    again, again_conf = tess.read_line(_widened(crop, STRETCH), lang)
    if again and again_conf > conf + STRETCH_SURER:
        return again, again_conf
    return text, conf


def _reread_degraded(gray: np.ndarray, quads: list[np.ndarray], paper: np.ndarray | None,
                     lines: list[TextLine]) -> list[TextLine]:
    """On a page whose print reads badly throughout (dot-matrix, banded or faded thermal, blur), every line
    that is not sure is read again from merged strokes (pp.smooth_dots) and the surer reading kept.

    Evidence first: the median line (a line read as nothing counts 0) is under DEGRADED_MEDIAN. A clean
    page never pays for it; on a degraded page one stroke-merged reading of its unsure lines costs less
    than the page's first reading.
    """
    level = _choose_frame(quads, gray.shape, paper)
    boxes = [_box(level(q)) for q in quads]
    read = {line.box: i for i, line in enumerate(lines)}
    confs = [lines[read[box]].conf if box in read else 0.0 for box in boxes]
    if len(quads) < MIN_LINES or float(pp.median(confs)) >= DEGRADED_MEDIAN:
        return lines
    unsure = [k for k, conf in enumerate(confs) if conf < SURE_LINE]
    lang = tess.primary_lang()
    better = {}
    for k in unsure:
        crop = pp.crop_line(gray, quads[k])
        if not pp.has_ink(crop):
            continue
        text, conf = tess.read_line(pp.smooth_dots(crop), lang)
        old = lines[read[boxes[k]]] if boxes[k] in read else None
        if text and conf >= MERGED_SURE and (old is None or conf > old.conf + 0.1):
            better[k] = TextLine(text=text, box=boxes[k], conf=conf, alt=old.alt if old is not None else None)
    if not better:
        return lines
    # In the detector's order, as the first reading was.
    return [better.get(k) or lines[read[box]] for k, box in enumerate(boxes) if k in better or box in read]


def _box(flat: np.ndarray) -> tuple[int, int, int, int]:
    """A levelled quad's bounding box, as TextLine keeps it."""
    x0, y0 = flat.min(0)
    x1, y1 = flat.max(0)
    return int(x0), int(y0), int(x1), int(y1)


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
    if not quads:
        return image, paper, quads
    heights = [float(np.linalg.norm(q[3] - q[0])) for q in quads]
    small = float(pp.median(heights)) * detector.scale_for(image.shape)
    h, w = image.shape[:2]
    pts = np.concatenate(quads)
    pad = 0.02 * max(h, w) + 3 * float(pp.median(heights))
    x0, y0 = np.maximum(pts.min(0) - pad, 0).astype(int)
    x1, y1 = np.minimum(pts.max(0) + pad, [w, h]).astype(int)
    area = (x1 - x0) * (y1 - y0)
    # A few blobs in a corner of the frame are a page photographed from afar, its lines melted together
    # at the detector's scale however tall the blobs: looked at closer, kept only when it finds more lines.
    extent = np.prod(pts.max(0) - pts.min(0))
    far = len(quads) < FAR_LINES and extent < FAR_SHARE * w * h
    only_far = small >= 14 or len(quads) < MIN_LINES  # no tiny text: only being far off is a reason
    if area > 0.6 * w * h or (only_far and not far):
        return image, paper, quads
    zoomed = _zoom_to(image, paper, (x0, y0, x1, y1), big)
    if only_far and len(zoomed[2]) <= len(quads):
        return image, paper, quads
    return zoomed


def _zoom_to(image: np.ndarray, paper, box: tuple[int, int, int, int], big: np.ndarray | None):
    """The page cut to `box` (from `big` when it has more detail), its paper corners, its lines detected."""
    x0, y0, x1, y1 = box
    h = image.shape[0]
    f = big.shape[0] / h if big is not None else 1.0
    if f > 1.05:
        crop, _ = _fit(np.ascontiguousarray(big[int(y0 * f):int(y1 * f), int(x0 * f):int(x1 * f)]), None)
        g = crop.shape[0] / max(1, y1 - y0)
        moved = (paper - np.float32([x0, y0])) * np.float32(g) if paper is not None else None
        return crop, moved, detector.detect(crop)
    crop = np.ascontiguousarray(image[y0:y1, x0:x1])
    return crop, (paper - np.float32([x0, y0]) if paper is not None else None), detector.detect(crop)


def _merge_dotted_print(image: np.ndarray, quads: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Dot-matrix print detected as a spray of letter-sized boxes: the page with its dots merged (blurred
    by about the dot pitch), detected again; kept when it is found as lines, else the page as it was."""
    if not detector.looks_fragmented(quads):
        return image, quads
    height = float(pp.median([np.linalg.norm(q[3] - q[0]) for q in quads]))
    found = _merged_lines(image, quads, height)
    if found is None:
        # A page lying on its side: its boxes span a letter and a half along the line, which the height
        # measures, and a blur that size melts the page into one box. A box's shorter side is a letter.
        sides = [min(np.linalg.norm(q[1] - q[0]), np.linalg.norm(q[3] - q[0])) for q in quads]
        side = float(pp.median(sides))
        found = _merged_lines(image, quads, side) if side < 0.9 * height else None
    return found or (image, quads)


def _merged_lines(image: np.ndarray, quads: list[np.ndarray], height: float):
    """(merged page, its boxes) for dotted print `height` tall whose merged dots are found as lines; or
    None."""
    # The boxes' height tells the dot pitch only roughly: a light blur first, a stronger one when the dots
    # still stand apart (too strong a blur melts the whole page into one box, which is not taken).
    found = None
    for pitches in (14, 9):
        merged = pp.merge_dots(image, height * 10 / pitches)
        again = detector.detect(merged)
        if not MIN_LINES <= len(again) < len(quads) or detector.looks_fragmented(again):
            continue
        if found is None:
            found = merged, again
            # Found as lines, but with words still in pieces (a quarter of the boxes letter-sized: widely
            # spaced dots), the stronger blur may join them.
            if _square_share(again) <= PIECES:
                break
        elif len(again) >= len(found[1]) / 3 and _square_share(again) < _square_share(found[1]) / 2:
            found = merged, again  # fewer pieces, and not lines melted together (a third of the boxes kept)
    return found


def _square_share(quads: list[np.ndarray]) -> float:
    """The share of boxes that are letter-sized squares (neither side twice the other)."""
    sides = [(np.linalg.norm(q[1] - q[0]), np.linalg.norm(q[3] - q[0])) for q in quads]
    return sum(w < 2 * h and h < 2 * w for w, h in sides) / max(1, len(sides))


def _focus_on_paper(image: np.ndarray,
                    gray: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Crop to the receipt when it fills only part of the photo, so detection spends its pixels on text.
    `gray`: the image's pp.to_gray() when the caller has it already.

    Returns the (possibly cropped) image and the paper's corners in its coordinates, or None.
    """
    paper = pp.find_paper(pp.to_gray(image) if gray is None else gray, pp.SMALL_PAPER)
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
    if _rows_drift(quads, rotation, homography):
        return homography
    if _frame_badness(quads, homography) < _frame_badness(quads, rotation):
        return homography
    return rotation


# A frame whose boxes sit, in the median, this many line heights off the rows they share with the boxes to
# their right lets values drift off their labels (see _rows_drift).
ROW_DRIFT = 0.15
ROW_MIN_PAIRS = 4  # boxes with a neighbour to their right needed to judge the rows


def _rows_drift(quads: list[np.ndarray], rotation, homography) -> bool:
    """The rotation leaves the page's rows drifting apart where the paper's homography lines them up: a
    photo taken at an angle shrinks the far side of the slip, so a value column drifts down its labels'
    rows, by a different amount on each row, and no single slope pairs them."""
    drift, lined = _row_misfit(quads, rotation), _row_misfit(quads, homography)
    return drift is not None and lined is not None and drift >= ROW_DRIFT and lined < drift / 2


def _row_misfit(quads: list[np.ndarray], level) -> float | None:
    """How far, in line heights, the boxes of a frame sit off the rows they share with the boxes to their
    right: the median over boxes with a neighbour to the right overlapping their height of the nearest
    one's offset (0 when labels and values share their rows); None with too few such boxes to tell."""
    boxes = [_box(level(q)) for q in quads]
    if not boxes:
        return None
    height = float(pp.median([b[3] - b[1] for b in boxes]))
    offsets = []
    for b in boxes:
        cy = (b[1] + b[3]) / 2
        near = [abs(cy - (o[1] + o[3]) / 2) for o in boxes if o[0] > b[2] and o[1] < b[3] and o[3] > b[1]]
        if near:
            offsets.append(min(near) / max(height, 1.0))
    return float(pp.median(offsets)) if len(offsets) >= ROW_MIN_PAIRS else None


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
    return float(pp.median(slopes) + 0.5 * pp.median(stretch))


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
    angle = float(pp.median(angles)) if angles else 0.0
    c, s = np.cos(np.radians(-angle)), np.sin(np.radians(-angle))
    cx, cy = shape[1] / 2, shape[0] / 2
    rot = np.array([[c, -s], [s, c]], np.float32)

    def level(quad: np.ndarray) -> np.ndarray:
        return (quad - [cx, cy]) @ rot.T + [cx, cy]
    return level


def _looks_upside_down(image: np.ndarray, quads: list[np.ndarray], mean: float) -> bool:
    """A page that reads doubtfully (`mean` confidence under DEGRADED_MEDIAN; TURN_TRIED and over: under it
    the half turn is read anyway) whose widest lines the direction classifier (engines/direction.py) takes
    for upside down by TURN_MARGIN. Upside down, a page's large digits and Latin letters still read as
    digits and letters ('006'0L' for 10,900, 'SE:ST' for 15:35), so the page's mean confidence alone stays
    over TURN_TRIED. A page that reads well is never asked: the model is not even loaded."""
    if not TURN_TRIED <= mean < DEGRADED_MEDIAN:
        return False
    try:
        margin = direction.turned_margin(image, quads)
    except OcrEngineError:
        return False  # no direction model installed: it only helps
    return margin is not None and margin > TURN_MARGIN


def _mean_conf(lines: list[TextLine]) -> float:
    """Length-weighted mean confidence."""
    total = sum(len(line.text) for line in lines)
    return sum(line.conf * len(line.text) for line in lines) / total if total else 0.0
