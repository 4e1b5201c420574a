"""OpenCV preprocessing: grey, shadow flattening, upscaling, paper corners, 90/180/270 rotation."""

from __future__ import annotations

import cv2
import numpy as np

LINE_HEIGHT = 56  # px: the height each cut-out text line is normalised to for Tesseract
# Share of the frame a light slip on a dark desk may fill and still be found (a slip filling a twentieth of
# a 12-megapixel photo is common); the whole-frame paper test of a cropped photo keeps the default.
SMALL_PAPER = 0.02
# Share of a paper's outline that is light inside: slips on a desk measured 0.9-1.0 (their print closed
# over at 500 px), a dark-mode screenshot's framed box 0.2.
PAPER_FILL = 0.5
# Share of its convex hull a light outline with more than four corners must fill to stand for a paper
# (a slip with a torn edge, or with a hard shadow across it).
PAPER_SOLIDITY = 0.8
# Shortest to longest of a found sheet's opposite sides (a tilted phone shortens the far side by a fifth).
PAPER_SKEW = 0.7
# Share of a band just outside a fallback outline holding print strokes for it to be a part of the sheet
# only (the new outlines of the dev sets had none there).
PRINT_AROUND = 0.01
# Shares of the way from Otsu's threshold down to the desk's level at which a sheet cut by a hard shadow
# (print left just outside its outline) is looked for again.
SHADOW_STEPS = (0.25, 0.5, 0.75)
# Grey level under which an area may be a band carrying light letters (coloured app headers are 60-140).
DARK_BAND = 150
# Most of a coloured banner that its light letters may cover (see _lettered_band).
BAND_LETTERS = 0.2
AROUND_LETTER = 0.002  # the largest light speck round a light shape that counts as a letter (of the frame)
# A straight motion blur (a shaken phone) is looked for at lengths in BLUR_LENGTH px (at or under the first, a
# round blur), in the cepstrum at BLUR_DEPTH standard deviations under its ring's mean at least (shaken
# photos of the dev sets 3.9-5.4, others with a peak that far out under 3.1); undone with a Wiener filter
# of noise-to-signal ratio BLUR_NOISE.
BLUR_LENGTH = (4.5, 16)
BLUR_DEPTH = 3.5
BLUR_NOISE = 0.01


def to_gray(bgr: np.ndarray) -> np.ndarray:
    """Greyscale copy (accepts grey input)."""
    return bgr if bgr.ndim == 2 else cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)


def light_background(bgr: np.ndarray, gray: np.ndarray | None = None) -> np.ndarray:
    """Invert dark-mode screenshots so text is dark on light, as the shadow flattening expects. `gray`:
    the image's to_gray() when the caller has it already (a 12-megapixel conversion is ~20 ms)."""
    gray = to_gray(bgr) if gray is None else gray
    small = cv2.resize(gray, (64, 64), interpolation=cv2.INTER_AREA)
    if median(small) >= 100:
        return bgr
    # A light receipt photographed on a dark desk is not dark mode, however little of the frame it fills
    # (a slip lying on a table in a 12-megapixel photo).
    paper = find_paper(gray, SMALL_PAPER)
    if paper is None:
        # A slip a hard shadow cuts into no quadrilateral is still a large light area carrying print.
        paper = _light_area(gray, SMALL_PAPER)
    if paper is not None and _has_print(gray, paper) and not _lettered_band(gray, paper) \
            and not _letters_around(gray, paper):
        return bgr
    return 255 - bgr


def _letters_around(gray: np.ndarray, quad: np.ndarray) -> bool:
    """The light shape is one light band of a dark-mode screen (a title set dark on light), not a slip on a
    desk: the dark ground round it carries light letters (small light specks, AROUND_LETTER of the frame
    at most) over a hundredth of the frame and half as many pixels as the shape's dark print at least. A
    desk's grain and a sheet's edge make no such letters; a second paper at the frame's edge is one large
    light area, not letters."""
    scale = 500 / max(gray.shape[:2])
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    mask = np.zeros(small.shape, np.uint8)
    cv2.fillConvexPoly(mask, np.round(quad * scale).astype(np.int32), 255)
    grown = cv2.dilate(mask, np.ones((9, 9), np.uint8)) > 0
    inside = small[cv2.erode(mask, np.ones((5, 5), np.uint8)) > 0]
    if inside.size == 0 or np.mean(grown) > 0.6:
        return False
    ground = median(small[~grown])
    specks = ((small > ground + 80) & ~grown).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(specks, connectivity=8)
    small_ones = stats[1:, cv2.CC_STAT_AREA] <= AROUND_LETTER * small.size
    letters = int(stats[1:, cv2.CC_STAT_AREA][small_ones].sum())
    print_inside = int(np.sum(inside < median(inside) - 40))
    return letters > 0.5 * print_inside and letters > 0.01 * small.size


def _light_area(gray: np.ndarray, min_area: float) -> np.ndarray | None:
    """The convex hull (page pixels) of the largest light outline at Otsu's threshold, when it covers
    `min_area` of the frame, lies clear of its edges and is light over PAPER_FILL of its inside, whatever
    its shape; else None."""
    scale = 500 / max(gray.shape[:2])
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    otsu, _ = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    outline = _light_outline(blur, otsu)
    if outline is None:
        return None
    c, th = outline
    x, y, bw, bh = cv2.boundingRect(c)
    margin = min(x, y, th.shape[1] - x - bw, th.shape[0] - y - bh)
    if cv2.contourArea(c) < min_area * small.size or margin < 3:
        return None  # a light area running off the frame is a desk (round a photographed dark screen)
    if not _light_inside(c, th):
        return None
    return cv2.convexHull(c).reshape(-1, 2).astype(np.float32) / scale


def _inside(gray: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The pixels well inside the shape `quad` (page pixels), read at 500 px on the long side."""
    scale = 500 / max(gray.shape[:2])
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    mask = np.zeros(small.shape, np.uint8)
    cv2.fillConvexPoly(mask, np.round(quad * scale).astype(np.int32), 255)
    return small[cv2.erode(mask, np.ones((5, 5), np.uint8)) > 0]


def _lettered_band(gray: np.ndarray, quad: np.ndarray) -> bool:
    """The light shape `quad` of a dark page is a dark-mode screen's coloured band, not a slip: its light
    part (over Otsu's threshold, as the shape was found) is no lighter than DARK_BAND and the pixels far from
    its usual level are lighter than it (white letters), as lighter_letters judges a line. A slip's paper is
    light, and the lightest thing on it, even where a hard shadow crosses it; _has_print alone counts the
    dark screen that the shape's hull takes in round a band as print (a bus app's route banner beside the
    status bar, found as one light shape)."""
    scale = 500 / max(gray.shape[:2])
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    otsu, light = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    light = cv2.morphologyEx(light, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    mask = np.zeros(small.shape, np.uint8)
    cv2.fillConvexPoly(mask, np.round(quad * scale).astype(np.int32), 255)
    inside = small[cv2.erode(mask & light, np.ones((5, 5), np.uint8)) > 0]
    if inside.size < 64:
        return False
    low, mid, high = percentiles(inside, (2, 50, 99))
    # Letters cover a small share of their band (measured 0.09); the lit part of a sheet a hard shadow
    # crosses is a large one (0.31).
    letters = float(np.mean(inside > mid + 40))
    lettered = high - mid > 40 and high - mid > 1.5 * (mid - low)
    return bool(mid < DARK_BAND and lettered and letters < BAND_LETTERS)


def _has_print(gray: np.ndarray, quad: np.ndarray) -> bool:
    """Dark print inside a light shape: a slip has it, an app's coloured header band with light letters has
    none (measured: 0.4% of the inside and more on every slip of the dev sets, 0.0% on a band)."""
    inside = _inside(gray, quad)
    return inside.size > 0 and np.mean(inside < median(inside) - 40) >= 0.002


def flatten(gray: np.ndarray) -> np.ndarray:
    """Remove shadows and uneven light: divide by a background estimated with a large closing."""
    h, w = gray.shape[:2]
    k = max(15, (min(h, w) // 25) | 1)
    small = cv2.resize(gray, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (max(3, k // 4 | 1), max(3, k // 4 | 1)))
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    bg = cv2.medianBlur(bg, 5)
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)
    out = cv2.divide(gray, bg, scale=255)
    bands = _light_on_dark(gray)
    if bands is not None:
        out[bands] = gray[bands]  # the division would whiten the band and its light text alike
    return out


def _light_on_dark(gray: np.ndarray) -> np.ndarray | None:
    """Where a dark band carries light letters (an app's coloured header, a black title bar): a mask, or None.

    A dark area is such a band when, well inside it, the pixels far from its usual level are lighter than
    it (light letters), not darker (a shadow darkens paper and print alike: its letters stay the darker
    tail), and when it is a solid rectangle no taller than two fifths of the page (a desk, a shadow, a
    crease is not). Measured at a quarter of the size, inside areas found at an eighth.
    """
    h, w = gray.shape[:2]
    if h < 64 or w < 64:
        return None
    small = cv2.resize(gray, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    dark = (cv2.medianBlur(small, 5) < DARK_BAND).astype(np.uint8)
    if not dark.any():
        return None
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=4)
    quarter = cv2.resize(gray, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    size = (quarter.shape[1], quarter.shape[0])
    inner = cv2.resize(cv2.erode(dark, np.ones((5, 5), np.uint8)), size, interpolation=cv2.INTER_NEAREST)
    where = cv2.resize(labels.astype(np.int32), size, interpolation=cv2.INTER_NEAREST)
    where[inner == 0] = 0
    keep = np.zeros(count, bool)
    for i in range(1, count):
        x, y, bw, bh, area = stats[i]
        # A band is a solid rectangle across part of the page; a desk, a shadow or a crease is not.
        if area < 12 or area < 0.75 * bw * bh or bh > 0.4 * small.shape[0]:
            continue
        values = quarter[where == i]
        if values.size < 48:
            continue
        low, mid, high = percentiles(values, (2, 50, 99))
        keep[i] = high - mid > 40 and high - mid > 1.5 * (mid - low)
    if not keep.any():
        return None
    mask = cv2.dilate(keep[labels].astype(np.uint8), np.ones((3, 3), np.uint8))
    return cv2.resize(mask, (w, h), interpolation=cv2.INTER_NEAREST).astype(bool)


def lighter_letters(gray: np.ndarray, quad: np.ndarray) -> bool:
    """The line at `quad` of a grey page is light letters on a dark ground, judged inside its own box.

    The page-wide band test (_light_on_dark) fails when a hard shadow crosses an app's coloured route
    banner: band and shadowed paper merge into one dark area that is no rectangle, and the flattening
    whitens the banner's letters. One line's box holds its own ground only: its usual level is dark and
    the pixels far from it are lighter (letters), not darker (print on shadowed paper). Read on the
    unflattened page; a few percentiles of one box, no Tesseract call.
    """
    x0, y0 = np.maximum(np.floor(quad.min(0)).astype(int), 0)
    x1, y1 = np.ceil(quad.max(0)).astype(int)
    box = gray[y0:y1 + 1, x0:x1 + 1]
    if box.size < 64:
        return False
    low, mid, high = percentiles(box, (2, 50, 99))
    return bool(mid < DARK_BAND and high - mid > 40 and high - mid > 1.5 * (mid - low))


def crop_light_letters(gray: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """A light-lettered line of the unflattened page cut out as crop_line does, flattened within itself:
    inverted to dark letters on a light ground, then divided by its own closing (about half the line
    height), so that a shadow edge crossing the line leaves no faint half (measured: a banner half in
    shadow read at 0.05 plainly cut, right at 0.72 flattened so)."""
    line = crop_line(255 - gray, quad)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (LINE_HEIGHT // 2 + 3, LINE_HEIGHT // 2 + 3))
    return _normalise_contrast(cv2.divide(line, cv2.morphologyEx(line, cv2.MORPH_CLOSE, kernel), scale=255))


def upscale_small(bgr: np.ndarray, min_long_side: int = 1000) -> np.ndarray:
    """Enlarge small images so that text is tall enough to detect and read."""
    h, w = bgr.shape[:2]
    if max(h, w) >= min_long_side:
        return bgr
    f = min_long_side / max(h, w)
    return cv2.resize(bgr, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)


def crop_line(gray: np.ndarray, quad: np.ndarray, height: int = LINE_HEIGHT) -> np.ndarray:
    """Cut one text line out with a perspective transform, normalised to a fixed height, padded."""
    tl, tr, br, bl = quad
    w = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    h = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    if h < 1 or w < 1:
        return np.full((height, height), 255, np.uint8)
    out_w = max(8, int(round(w * height / h)))
    dst = np.float32([[0, 0], [out_w, 0], [out_w, height], [0, height]])
    m = cv2.getPerspectiveTransform(quad.astype(np.float32), dst)
    line = cv2.warpPerspective(gray, m, (out_w, height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)
    line = _normalise_contrast(line)
    return cv2.copyMakeBorder(line, 10, 10, 14, 14, cv2.BORDER_CONSTANT, value=255)


def _normalise_contrast(line: np.ndarray) -> np.ndarray:
    """Stretch to black text on white; invert light-on-dark lines (app headers)."""
    lo, hi = percentiles(line, (3, 97))
    if hi - lo < 10:
        return np.full_like(line, 255)
    # The stretch maps each grey level to one value: computed once for the 256 levels, then looked up.
    levels = np.arange(256, dtype=np.uint8)
    lut = np.clip((levels.astype(np.float32) - lo) * 255.0 / (hi - lo), 0, 255).astype(np.uint8)
    out = cv2.LUT(line, lut)
    border = np.concatenate([out[0], out[-1], out[:, 0], out[:, -1]])
    if median(border) < 128:
        out = 255 - out
    return out


def median(values) -> np.floating:
    """np.median(values), the same value of the same type, without the import np.median makes.

    np.median of floating-point numbers looks for NaN through numpy.ma, which it imports on first use: ~8 ms
    of every process's start for a module nothing else here needs. Here the middle values come from the same
    partial sort and are averaged as np.mean does (integers as float64, floats in their own type); a NaN
    anywhere gives NaN, as there. Empty, 0-d, float16 or other input goes to np.median itself.
    """
    a = np.asarray(values)
    if a.size == 0 or a.ndim == 0 or a.dtype.kind not in "biuf" or a.dtype == np.float16:
        return np.median(a)
    a = a.ravel()
    n, half = a.size, a.size // 2
    kth = [half] if n % 2 else [half - 1, half]
    if a.dtype.kind == "f":
        part = np.partition(a, kth + [n - 1])  # NaN sorts last
        if np.isnan(part[-1]):
            return part[-1]
        kind = a.dtype.type
    else:
        part = np.partition(a, kth)
        kind = np.float64
    if n % 2:
        return kind(part[half])
    return (kind(part[half - 1]) + kind(part[half])) / 2


def percentiles(gray: np.ndarray, qs: tuple[float, ...]) -> list[np.float64]:
    """np.percentile(gray, qs) of a uint8 array, the same values (linear interpolation between the two
    nearest ranks, as numpy computes it) read off the grey-level histogram instead of a partial sort:
    a few times faster on the line crops and boxes it is asked about hundreds of times a page."""
    if gray.dtype != np.uint8:
        return list(np.percentile(gray, qs))
    ranks = np.cumsum(np.bincount(gray.ravel(), minlength=256))
    n = int(ranks[-1])
    out = []
    for q in qs:
        virtual = (n - 1) * (q / 100)
        below = int(np.floor(virtual))
        # The grey levels holding ranks `below` and `below + 1` of the sorted pixels.
        a = int(np.searchsorted(ranks, min(below, n - 1), side="right"))
        if virtual >= n - 1:
            out.append(np.float64(a))
            continue
        b = int(np.searchsorted(ranks, below + 1, side="right"))
        t = virtual - below
        out.append(np.float64(a + (b - a) * t if t < 0.5 else b - (b - a) * (1 - t)))
    return out


def has_ink(line: np.ndarray) -> bool:
    """A cut-out line with dark strokes on it (not a blank or a smudge)."""
    return line.shape[1] >= line.shape[0] and float((line < 128).mean()) > 0.03


def thicken(line: np.ndarray) -> np.ndarray:
    """Dark strokes one pixel bolder: broken, faded print that Tesseract skipped reads again."""
    return cv2.erode(line, np.ones((2, 2), np.uint8))


def binarised(line: np.ndarray) -> np.ndarray:
    """The cut-out line in black and white at Otsu's threshold: a blurred photo's grey halo round each
    stroke, which Tesseract reads as other jamo ('여천' for 예천, '그 ~' for 영광 on a shaken photo), is cut
    off at the level the line's own ink and paper part at."""
    return cv2.threshold(line, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]


def smooth_dots(line: np.ndarray) -> np.ndarray:
    """Dotted or striped strokes (dot-matrix print, banded faded thermal) merged into solid ones.

    A blur about the dot pitch of a printer's 7-9 dot glyph at LINE_HEIGHT, then the contrast stretched
    again; Tesseract reads the dots of such print as separate specks, or not at all.
    """
    return _normalise_contrast(cv2.GaussianBlur(line, (0, 0), LINE_HEIGHT / 22))


def merge_dots(bgr: np.ndarray, glyph_height: float) -> np.ndarray:
    """The page blurred by about the dot pitch of print `glyph_height` tall (7-9 dots a letter), so that
    dot-matrix letters become solid strokes for detection and recognition alike."""
    return cv2.GaussianBlur(bgr, (0, 0), max(0.8, glyph_height / 10))


def motion_blur(gray: np.ndarray) -> tuple[float, float] | None:
    """(length px, direction degrees) of a straight motion blur across the page (a shaken phone), or None.

    A blur along a line of length L puts a deep negative peak at distance L in its direction into the
    page's cepstrum (the spectrum of the log spectrum), averaged over tiles that carry print. A peak at
    BLUR_LENGTH[0] or nearer is a round blur (a soft lens, JPEG), which has no direction to undo.
    """
    h, w = gray.shape[:2]
    n = 512 if min(h, w) >= 640 else 256
    if min(h, w) < n:
        return None
    window = np.outer(np.hanning(n), np.hanning(n)).astype(np.float32)
    spectra = []
    for y in range(0, h - n + 1, n):
        for x in range(0, w - n + 1, n):
            tile = gray[y:y + n, x:x + n].astype(np.float32)
            if tile.std() >= 8:  # print, not a blank stretch of paper or desk
                spectra.append(np.log1p(np.abs(np.fft.fft2((tile - tile.mean()) * window))))
    if not spectra:
        return None
    cep = np.fft.fftshift(np.real(np.fft.ifft2(np.mean(spectra, axis=0))))
    r = int(BLUR_LENGTH[1]) + 1
    patch = cep[n // 2 - r:n // 2 + r + 1, n // 2 - r:n // 2 + r + 1]
    yy, xx = np.mgrid[-r:r + 1, -r:r + 1]
    dist = np.hypot(yy, xx)
    ring = (dist >= 3) & (dist <= BLUR_LENGTH[1])
    vals = patch[ring]
    k = int(np.argmin(vals))
    depth = (vals.mean() - vals[k]) / (vals.std() + 1e-9)
    if dist[ring][k] <= BLUR_LENGTH[0] or depth < BLUR_DEPTH:
        return None
    return float(dist[ring][k]), float(np.degrees(np.arctan2(yy[ring][k], xx[ring][k])))


def deblur(gray: np.ndarray, length: float, angle: float) -> np.ndarray:
    """The page with a straight motion blur of `length` px in direction `angle` undone (Wiener filter)."""
    size = int(np.ceil(length)) + 5
    fine = 8  # the blur's line drawn at 8x and shrunk: sub-pixel lengths and angles
    big = np.zeros((size * fine, size * fine), np.float32)
    c, half = size * fine / 2, length * fine / 2
    dx, dy = np.cos(np.radians(angle)) * half, np.sin(np.radians(angle)) * half
    cv2.line(big, (round(c - dx), round(c - dy)), (round(c + dx), round(c + dy)), 1.0, fine)
    kernel = cv2.resize(big, (size, size), interpolation=cv2.INTER_AREA)
    kernel /= kernel.sum()
    pad = 2 * size
    page = cv2.copyMakeBorder(gray, pad, pad, pad, pad, cv2.BORDER_REPLICATE).astype(np.float32) / 255
    psf = np.zeros_like(page)
    psf[:size, :size] = kernel
    psf = np.roll(psf, (-(size // 2), -(size // 2)), (0, 1))
    f = np.fft.rfft2(psf)
    out = np.fft.irfft2(np.fft.rfft2(page) * np.conj(f) / (np.abs(f) ** 2 + BLUR_NOISE), s=page.shape)
    return np.clip(out[pad:-pad, pad:-pad] * 255, 0, 255).astype(np.uint8)


def find_paper(gray: np.ndarray, min_area: float = 0.2) -> np.ndarray | None:
    """The four corners of a receipt lying on a darker background (at least `min_area` of it), or None.

    The paper is the largest light outline at Otsu's threshold; when that outline is no quadrilateral,
    it is looked for again at a threshold halfway to the paper's own level (a desk lit lighter on one
    side, or a light desk, merges with the slip at Otsu's), and each outline's convex hull stands for it
    when it nearly fills the hull (a torn, serrated edge, or a hard shadow biting into the paper, gives
    the outline seven corners and more).
    """
    h, w = gray.shape[:2]
    scale = 500 / max(h, w)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    otsu, _ = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    levels = (otsu, (otsu + float(percentiles(blur, (99,))[0])) / 2)
    outlines = [_light_outline(blur, level) for level in levels]
    # The hull of the halfway threshold's outline is not tried: a crease or a shadow across a crumpled
    # sheet cuts it there, and its hull is a part of the sheet.
    tries = [(outlines[0], False), (outlines[1], False), (outlines[0], True)]
    for k, (outline, use_hull) in enumerate(tries):
        quad = _paper_quad(*outline, small.shape, min_area, use_hull) if outline else None
        # Past the plain outline, a quadrilateral must look like a sheet (a shadow's edge cuts wedges)
        # and leave no print outside it (a sheet's dark band or shadowed part cut off with its text).
        if quad is not None and k == 0 and _print_around(small, quad):
            quad = _shadowed_sheet(small, blur, otsu, quad, min_area)
        if quad is not None and (k == 0 or (_rectangular(quad) and not _print_around(small, quad))):
            return quad / scale
    return None


def _shadowed_sheet(small: np.ndarray, blur: np.ndarray, otsu: float, quad: np.ndarray,
                    min_area: float) -> np.ndarray:
    """The whole sheet when a hard shadow cut the outline `quad` at Otsu's threshold along a straight
    edge, leaving print just outside it (a ticket's top lines in the shadow): the outline at thresholds
    stepping down towards the desk's level (SHADOW_STEPS of the way), the lowest one kept that is a sheet
    holding `quad` with no print round it; `quad` itself when none is."""
    below = blur[blur < otsu]
    if not below.size:
        return quad
    desk = float(median(below))
    found = quad
    inner = np.zeros(blur.shape, np.uint8)
    cv2.fillConvexPoly(inner, np.round(quad).astype(np.int32), 255)
    for step in SHADOW_STEPS:
        outline = _light_outline(blur, otsu - step * (otsu - desk))
        for use_hull in (False, True):
            deeper = _paper_quad(*outline, blur.shape, min_area, use_hull) if outline else None
            if deeper is None or not _rectangular(deeper) or _print_around(small, deeper):
                continue
            outer = np.zeros(blur.shape, np.uint8)
            cv2.fillConvexPoly(outer, np.round(deeper).astype(np.int32), 255)
            if np.count_nonzero(inner & ~outer) <= 0.02 * np.count_nonzero(inner):
                found = deeper
                break
    return found


def _print_around(small: np.ndarray, quad: np.ndarray) -> bool:
    """Print in a band just outside `quad`: small strokes, dark or light (black-hat and top-hat filters),
    on PRINT_AROUND of it."""
    band = max(4, round(0.04 * max(small.shape)))
    inner = np.zeros(small.shape, np.uint8)
    cv2.fillConvexPoly(inner, np.round(quad).astype(np.int32), 255)
    outer = cv2.dilate(inner, np.ones((2 * band + 1, 2 * band + 1), np.uint8))
    ring = outer > cv2.dilate(inner, np.ones((5, 5), np.uint8))
    kernel = np.ones((9, 9), np.uint8)
    strokes = np.maximum(cv2.morphologyEx(small, cv2.MORPH_BLACKHAT, kernel),
                         cv2.morphologyEx(small, cv2.MORPH_TOPHAT, kernel)) > 30
    return bool(ring.any()) and float(strokes[ring].mean()) >= PRINT_AROUND


def _light_outline(blur: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray] | None:
    """The largest outline of the area lighter than `level`, with the thresholded image."""
    _, th = cv2.threshold(blur, level, 255, cv2.THRESH_BINARY)
    th = cv2.morphologyEx(th, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(th, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return (max(contours, key=cv2.contourArea), th) if contours else None


def _paper_quad(c: np.ndarray, th: np.ndarray, shape: tuple, min_area: float,
                use_hull: bool) -> np.ndarray | None:
    """The outline's four corners (of its convex hull when `use_hull`) when it passes for a paper."""
    size = shape[0] * shape[1]
    area = cv2.contourArea(c)
    if area < min_area * size or area > 0.97 * size:
        return None
    shape_c = cv2.convexHull(c) if use_hull else c
    if use_hull and area < PAPER_SOLIDITY * cv2.contourArea(shape_c):
        return None  # a ragged light area (desk and slip merged) is no paper with a torn edge
    approx = cv2.approxPolyDP(shape_c, 0.02 * cv2.arcLength(shape_c, True), True)
    if len(approx) != 4:
        return None
    if not _light_inside(c, th):
        return None  # a light outline round a dark inside (a dark-mode app's framed box) is no paper
    x, y, bw, bh = cv2.boundingRect(approx)
    if area < 0.2 * size and min(x, y, shape[1] - x - bw, shape[0] - y - bh) < 3:
        return None  # a small light shape against the frame's edge is a screen's header band, not a slip
    from ocr.engines.detector import order_quad

    return order_quad(approx.reshape(4, 2).astype(np.float32))


def _light_inside(c: np.ndarray, th: np.ndarray) -> bool:
    """The outline `c` is light (set in the thresholded `th`) over PAPER_FILL of its inside."""
    inside = np.zeros_like(th)
    cv2.drawContours(inside, [c], -1, 255, -1)
    return np.count_nonzero(th[inside > 0]) >= PAPER_FILL * np.count_nonzero(inside)


def _rectangular(quad: np.ndarray) -> bool:
    """A sheet's outline as a phone sees it: opposite sides within PAPER_SKEW of each other, every corner
    within 30 degrees of a right angle (a shadow's edge cutting the sheet gives a wedge)."""
    sides = [float(np.linalg.norm(quad[(i + 1) % 4] - quad[i])) for i in range(4)]
    if min(sides[0], sides[2]) < PAPER_SKEW * max(sides[0], sides[2]):
        return False
    if min(sides[1], sides[3]) < PAPER_SKEW * max(sides[1], sides[3]):
        return False
    for i in range(4):
        a, b = quad[i - 1] - quad[i], quad[(i + 1) % 4] - quad[i]
        cos = float(np.dot(a, b) / max(1e-6, np.linalg.norm(a) * np.linalg.norm(b)))
        if abs(cos) > 0.5:
            return False
    return True


def warp_paper(gray: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The receipt cut out and flattened to a rectangle."""
    tl, tr, br, bl = quad
    w = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    h = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    dst = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    m = cv2.getPerspectiveTransform(quad.astype(np.float32), dst)
    return cv2.warpPerspective(gray, m, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def rotate(bgr: np.ndarray, quarter_turns: int) -> np.ndarray:
    """Rotate counter-clockwise by 90 degrees times quarter_turns."""
    return np.ascontiguousarray(np.rot90(bgr, quarter_turns % 4))


def lines_look_vertical(quads: list[np.ndarray]) -> bool:
    """True when most detected boxes are taller than wide: the page lies on its side."""
    if len(quads) < 3:
        return False
    tall = sum(1 for q in quads if np.ptp(q[:, 1]) > 1.5 * np.ptp(q[:, 0]))
    return tall > len(quads) / 2
