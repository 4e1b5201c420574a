"""Damage of the foreign generator, on BGR uint8 arrays (numpy + OpenCV, written for this generator).

Every function takes a numpy Generator, so a set is the same for the same seed.
"""

from __future__ import annotations

import cv2
import numpy as np

SURFACES = [(64, 92, 128), (40, 48, 60), (180, 186, 190), (95, 120, 150), (30, 30, 32), (150, 160, 150),
            (200, 205, 210), (70, 70, 90)]


def smooth_field(rng: np.random.Generator, h: int, w: int, cells: int = 4) -> np.ndarray:
    """A smooth random field in [-1, 1] of size h x w (bicubic upsampling of a few random cells)."""
    small = rng.uniform(-1, 1, (cells, cells)).astype(np.float32)
    field = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    return np.clip(field, -1, 1)


def on_surface(rng: np.random.Generator, img: np.ndarray, margin: float) -> tuple[np.ndarray, np.ndarray]:
    """The document on a textured table, `margin` of its size around it; returns (image, corners)."""
    h, w = img.shape[:2]
    mx, my = int(w * margin * rng.uniform(0.6, 1.4)), int(h * margin * rng.uniform(0.3, 1.0))
    base = np.array(SURFACES[rng.integers(len(SURFACES))], np.float32)
    H, W = h + 2 * my, w + 2 * mx
    grain = smooth_field(rng, H, W, 12) * 12 + rng.normal(0, 5, (H, W)).astype(np.float32)
    canvas = np.clip(base[None, None, :] + grain[..., None], 0, 255).astype(np.uint8)
    # a soft drop shadow under the paper
    mask = np.zeros((H, W), np.float32)
    mask[my + 4:my + h + 6, mx + 4:mx + w + 6] = 1
    mask = cv2.GaussianBlur(mask, (0, 0), 6)
    canvas = (canvas * (1 - 0.35 * mask[..., None])).astype(np.uint8)
    canvas[my:my + h, mx:mx + w] = img
    corners = np.float32([[mx, my], [mx + w, my], [mx + w, my + h], [mx, my + h]])
    return canvas, corners


def perspective(rng: np.random.Generator, img: np.ndarray, amount: float) -> np.ndarray:
    """Move the four corners inwards by up to `amount` of the size (a phone held at an angle)."""
    h, w = img.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    jitter = rng.uniform(0, amount, (4, 2)) * np.float32([w, h])
    sign = np.float32([[1, 1], [-1, 1], [-1, -1], [1, -1]])
    dst = src + jitter * sign
    angle = np.deg2rad(rng.uniform(-amount * 40, amount * 40))
    centre = dst.mean(axis=0)
    rot = np.float32([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    dst = (dst - centre) @ rot.T + centre
    m = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    edge = tuple(int(c) for c in img[2, 2])
    return cv2.warpPerspective(img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                               borderValue=edge)


def lighting(rng: np.random.Generator, img: np.ndarray, strength: float, hard_shadow: bool) -> np.ndarray:
    """Uneven light: a smooth gain field, a warm or cold cast, maybe the sharp shadow of a hand or phone."""
    h, w = img.shape[:2]
    gain = 1 + strength * 0.5 * smooth_field(rng, h, w, 3)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0, w), rng.uniform(0, h)
    spot = np.exp(-(((xx - cx) / w) ** 2 + ((yy - cy) / h) ** 2) * 2.5)
    gain = gain * (1 - strength * 0.35 + strength * 0.45 * spot)
    out = img.astype(np.float32) * gain[..., None]
    cast = np.float32([rng.uniform(0.92, 1.05), 1.0, rng.uniform(0.95, 1.08)])
    out *= cast[None, None, :]
    if hard_shadow:
        pts = np.int32([[rng.uniform(-0.2, 1.2) * w, rng.uniform(-0.2, 1.2) * h] for _ in range(4)])
        pts = cv2.convexHull(pts)
        mask = np.zeros((h, w), np.float32)
        cv2.fillPoly(mask, [pts], 1.0)
        mask = cv2.GaussianBlur(mask, (0, 0), rng.uniform(4, 25))
        out *= (1 - rng.uniform(0.3, 0.55) * mask)[..., None]
    return np.clip(out, 0, 255).astype(np.uint8)


def blur(rng: np.random.Generator, img: np.ndarray, amount: float) -> np.ndarray:
    """Out of focus (Gaussian) or hand shake (a short line kernel at a random angle)."""
    if amount <= 0:
        return img
    if rng.random() < 0.5:
        return cv2.GaussianBlur(img, (0, 0), amount)
    size = max(3, int(amount * 4) | 1)
    kernel = np.zeros((size, size), np.float32)
    kernel[size // 2, :] = 1
    rot = cv2.getRotationMatrix2D((size / 2 - 0.5, size / 2 - 0.5), rng.uniform(0, 180), 1)
    kernel = cv2.warpAffine(kernel, rot, (size, size))
    return cv2.filter2D(img, -1, kernel / max(kernel.sum(), 1e-6))


def noise(rng: np.random.Generator, img: np.ndarray, sigma: float) -> np.ndarray:
    if sigma <= 0:
        return img
    grain = rng.normal(0, sigma, img.shape[:2]).astype(np.float32)
    colour = rng.normal(0, sigma * 0.4, img.shape).astype(np.float32)
    return np.clip(img.astype(np.float32) + grain[..., None] + colour, 0, 255).astype(np.uint8)


def jpeg(rng: np.random.Generator, img: np.ndarray, lo: int, hi: int) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(lo, hi + 1))])
    return cv2.imdecode(data, cv2.IMREAD_COLOR)


def resize_long(img: np.ndarray, long_side: int) -> np.ndarray:
    h, w = img.shape[:2]
    k = long_side / max(h, w)
    return cv2.resize(img, (max(1, round(w * k)), max(1, round(h * k))),
                      interpolation=cv2.INTER_AREA if k < 1 else cv2.INTER_CUBIC)


def crumple(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    """Crumpled paper: a smooth displacement field, shading from its slope, one or two sharp folds."""
    h, w = img.shape[:2]
    amp = rng.uniform(0.005, 0.015) * max(h, w)
    fx = smooth_field(rng, h, w, int(rng.integers(5, 10))) * amp
    fy = smooth_field(rng, h, w, int(rng.integers(5, 10))) * amp
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    out = cv2.remap(img, xx + fx, yy + fy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    slope = cv2.Sobel(fx + fy, cv2.CV_32F, 1, 1, ksize=5)
    slope = slope / (np.abs(slope).max() + 1e-6)
    shade = 1 + 0.18 * slope
    for _ in range(int(rng.integers(1, 3))):
        # a fold: a straight crease with light on one side, shade on the other
        y0, y1 = rng.uniform(0.1, 0.9) * h, rng.uniform(0.1, 0.9) * h
        dist = (yy - (y0 + (y1 - y0) * xx / w)) / (0.006 * h + 1)
        shade *= 1 + 0.12 * np.tanh(dist) * np.exp(-np.abs(dist) / 4) - 0.1 * np.exp(-dist ** 2)
    return np.clip(out.astype(np.float32) * shade[..., None], 0, 255).astype(np.uint8)


def fade(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    """Old thermal paper: ink lighter and uneven (more at one end), a yellow-grey tint, low contrast."""
    h, w = img.shape[:2]
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY).astype(np.float32)
    ink = (255 - gray) / 255
    keep = rng.uniform(0.45, 0.75) + 0.15 * smooth_field(rng, h, w, 3)
    keep = keep * np.linspace(1, rng.uniform(0.65, 1.0), h, dtype=np.float32)[:, None]
    ink = ink ** rng.uniform(0.9, 1.3) * np.clip(keep, 0.25, 1)
    paper = np.float32([rng.uniform(200, 225), rng.uniform(225, 240), rng.uniform(232, 245)])
    out = paper[None, None, :] * (1 - ink[..., None]) + np.float32([90, 80, 70]) * ink[..., None]
    return np.clip(out, 0, 255).astype(np.uint8)


def dot_matrix(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    """A dot-matrix or worn print head: ink only on a grid of round dots, some pins missing."""
    h, w = img.shape[:2]
    pitch = int(rng.integers(3, 6))
    yy, xx = np.mgrid[0:h, 0:w]
    dots = ((yy % pitch - pitch / 2) ** 2 + (xx % pitch - pitch / 2) ** 2) <= (pitch * 0.45) ** 2
    dead_rows = rng.random(h // pitch + 1) < 0.06
    dots &= ~dead_rows[yy // pitch]
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    ink = cv2.dilate((gray < 150).astype(np.uint8), np.ones((2, 2), np.uint8)) > 0
    out = img.copy()
    paper = np.median(img.reshape(-1, 3), axis=0).astype(np.uint8)
    out[ink & ~dots] = paper
    out[ink & dots] = (40, 40, 40)
    return cv2.GaussianBlur(out, (0, 0), 0.6)


def moire(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    """A photo of a screen: faint interference stripes from the pixel grid."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, np.pi)
    period = rng.uniform(3, 9)
    wave = np.sin((xx * np.cos(angle) + yy * np.sin(angle)) * 2 * np.pi / period)
    return np.clip(img.astype(np.float32) * (1 + 0.06 * wave[..., None]), 0, 255).astype(np.uint8)


def phone_photo(rng: np.random.Generator, img: np.ndarray, hard: bool) -> np.ndarray:
    """A phone photo of a document on a table: perspective, light, blur, noise, resolution, JPEG."""
    canvas, _ = on_surface(rng, img, rng.uniform(0.05, 0.25))
    canvas = perspective(rng, canvas, rng.uniform(0.06, 0.14) if hard else rng.uniform(0.01, 0.05))
    canvas = lighting(rng, canvas, rng.uniform(0.5, 0.9) if hard else rng.uniform(0.1, 0.35),
                      hard_shadow=hard and rng.random() < 0.7)
    canvas = resize_long(canvas, int(rng.integers(1400, 2600)))
    canvas = blur(rng, canvas, rng.uniform(1.2, 2.6) if hard else rng.uniform(0, 0.9))
    canvas = noise(rng, canvas, rng.uniform(5, 12) if hard else rng.uniform(1, 4))
    return jpeg(rng, canvas, 45 if hard else 70, 75 if hard else 92)


def scan(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    """A flat-bed scan: the paper straight-ish on a white glass, slight tilt, grey cast, fine noise."""
    h, w = img.shape[:2]
    pad = int(max(h, w) * 0.06)
    page = np.full((h + 2 * pad, w + 2 * pad + int(w * rng.uniform(0, 0.8)), 3), 250, np.uint8)
    page[pad:pad + h, pad:pad + w] = img
    ph, pw = page.shape[:2]
    rot = cv2.getRotationMatrix2D((pw / 2, ph / 2), rng.uniform(-2, 2), 1)
    page = cv2.warpAffine(page, rot, (pw, ph), borderValue=(250, 250, 250))
    page = page.astype(np.float32) * rng.uniform(0.9, 1.0) + rng.uniform(0, 12)
    page = np.clip(page, 0, 255).astype(np.uint8)
    return jpeg(rng, noise(rng, page, 2), 80, 95)


def small_in_frame(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    """A 12-megapixel photo where the document fills a small part of the frame."""
    frame_w, frame_h = (4032, 3024) if rng.random() < 0.5 else (3024, 4032)
    target = rng.uniform(0.2, 0.32) * frame_h
    doc = resize_long(img, int(target))
    canvas, _ = on_surface(rng, doc, 0.0)
    base = np.array(SURFACES[rng.integers(len(SURFACES))], np.float32)
    frame = np.clip(base + smooth_field(rng, frame_h // 8, frame_w // 8, 6)[..., None] * 20, 0, 255)
    frame = cv2.resize(frame.astype(np.uint8), (frame_w, frame_h), interpolation=cv2.INTER_LINEAR)
    h, w = canvas.shape[:2]
    y, x = int(rng.integers(0, frame_h - h)), int(rng.integers(0, frame_w - w))
    frame[y:y + h, x:x + w] = canvas
    frame = lighting(rng, frame, 0.3, hard_shadow=False)
    frame = noise(rng, blur(rng, frame, 0.8), 3)
    return jpeg(rng, frame, 80, 92)


def rotate(img: np.ndarray, quarter_turns: int) -> np.ndarray:
    return np.ascontiguousarray(np.rot90(img, quarter_turns))


def apply(rng: np.random.Generator, img: np.ndarray, variant: str, paper: str) -> tuple[np.ndarray, str]:
    """The damage of `variant` for a document on `paper` (thermal, paper, screen, a4); (image, capture)."""
    screen = paper == "screen"
    if variant == "clean":
        if screen or rng.random() < 0.5:
            return img, "screenshot" if screen else "render"
        return scan(rng, img), "scan"
    if variant == "mild":
        if screen and rng.random() < 0.6:
            # forwarded through a messenger: smaller and recompressed
            return jpeg(rng, resize_long(img, int(rng.integers(900, 1400))), 55, 80), "messenger"
        return phone_photo(rng, img, hard=False), "photo"
    if variant == "hard":
        pick = rng.random()
        if screen:
            shot = moire(rng, img)
            return phone_photo(rng, shot, hard=True), "screen-photo"
        if pick < 0.2:
            return small_in_frame(rng, img), "12mp-small"
        if pick < 0.35:
            photo = phone_photo(rng, img, hard=False)
            width = int(rng.integers(300, 440))  # a 300-440 px wide copy (a thumbnail, a chat preview)
            low = cv2.resize(photo, (width, max(1, round(photo.shape[0] * width / photo.shape[1]))),
                             interpolation=cv2.INTER_AREA)
            return jpeg(rng, low, 60, 85), "low-res"
        return phone_photo(rng, img, hard=True), "photo"
    if variant == "rot90":
        turns = int(rng.choice([1, 2, 3]))
        base = img
        if not screen:
            base = phone_photo(rng, img, hard=False) if rng.random() < 0.6 else scan(rng, img)
        return rotate(base, turns), f"rot{turns * 90}"
    if variant == "crumpled":
        return phone_photo(rng, crumple(rng, img), hard=False), "crumpled"
    if variant == "faded":
        faded = fade(rng, img)
        return (scan(rng, faded) if rng.random() < 0.4 else phone_photo(rng, faded, hard=False)), "faded"
    raise ValueError(variant)
