"""Photo-like degradations for rendered receipts: tilt, perspective, shadow, blur, noise, crumple."""

from __future__ import annotations

import cv2
import numpy as np


def _background(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """A desk: a dull colour with a soft gradient and texture."""
    base = rng.integers(40, 140, size=3).astype(np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    grad = 1.0 + 0.25 * (xx / w - 0.5) + 0.15 * (yy / h - 0.5)
    bg = base[None, None, :] * grad[:, :, None]
    bg += rng.normal(0, 6, size=(h, w, 1)).astype(np.float32)
    return np.clip(bg, 0, 255).astype(np.uint8)


def _shadow(rng: np.random.Generator, img: np.ndarray, strength: float) -> np.ndarray:
    """Darken a soft-edged half-plane, like a phone's or a hand's shadow."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    d = (xx - w * rng.uniform(0.3, 0.7)) * np.cos(angle) + (yy - h * rng.uniform(0.3, 0.7)) * np.sin(angle)
    mask = 1.0 / (1.0 + np.exp(-d / (0.08 * max(h, w))))
    factor = 1.0 - strength * mask
    return np.clip(img.astype(np.float32) * factor[:, :, None], 0, 255).astype(np.uint8)


def _crumple(rng: np.random.Generator, img: np.ndarray, amp: float) -> np.ndarray:
    """Wavy displacement plus crease shading, like a crumpled thermal slip."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    fx, fy = rng.uniform(1.0, 2.5, size=2)
    px, py = rng.uniform(0, 2 * np.pi, size=2)
    dx = amp * np.sin(2 * np.pi * fy * yy / h + px)
    dy = amp * np.sin(2 * np.pi * fx * xx / w + py)
    warped = cv2.remap(img, (xx + dx).astype(np.float32), (yy + dy).astype(np.float32), cv2.INTER_LINEAR,
                       borderMode=cv2.BORDER_REPLICATE)
    shade = 1.0 - 0.06 * np.sin(2 * np.pi * fy * yy / h + px) ** 2
    return np.clip(warped.astype(np.float32) * shade[:, :, None], 0, 255).astype(np.uint8)


def mild(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    """A careful phone photo: small tilt, slight blur, even light gradient, a little noise."""
    h, w = img.shape[:2]
    pad = int(0.06 * max(h, w))
    canvas = _background(rng, h + 2 * pad, w + 2 * pad)
    canvas[pad:pad + h, pad:pad + w] = img
    angle = rng.uniform(-3.5, 3.5)
    m = cv2.getRotationMatrix2D((canvas.shape[1] / 2, canvas.shape[0] / 2), angle, 1.0)
    out = cv2.warpAffine(canvas, m, (canvas.shape[1], canvas.shape[0]), borderMode=cv2.BORDER_REPLICATE)
    out = _shadow(rng, out, rng.uniform(0.05, 0.2))
    out = cv2.GaussianBlur(out, (3, 3), rng.uniform(0.3, 0.8))
    noise = rng.normal(0, 3, size=out.shape).astype(np.float32)
    return np.clip(out.astype(np.float32) + noise, 0, 255).astype(np.uint8)


def hard(rng: np.random.Generator, img: np.ndarray, *, thermal: bool) -> np.ndarray:
    """A hurried photo: perspective, strong shadow, blur, noise, and crumpling for thermal paper."""
    if thermal:
        img = _crumple(rng, img, rng.uniform(2.0, 4.0))
    h, w = img.shape[:2]
    pad = int(0.12 * max(h, w))
    H, W = h + 2 * pad, w + 2 * pad
    canvas = _background(rng, H, W)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    jitter = rng.uniform(-0.06, 0.06, size=(4, 2)) * np.float32([w, h])
    dst = src + np.float32([pad, pad]) + jitter.astype(np.float32)
    m = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    paper = cv2.warpPerspective(img, m, (W, H), borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, (W, H))
    out = np.where(mask[:, :, None] > 0, paper, canvas)
    angle = rng.uniform(-7, 7)
    r = cv2.getRotationMatrix2D((W / 2, H / 2), angle, 1.0)
    out = cv2.warpAffine(out, r, (W, H), borderMode=cv2.BORDER_REPLICATE)
    out = _shadow(rng, out, rng.uniform(0.3, 0.5))
    k = int(rng.choice([3, 5]))
    out = cv2.GaussianBlur(out, (k, k), rng.uniform(0.6, 1.1))
    noise = rng.normal(0, rng.uniform(4, 8), size=out.shape).astype(np.float32)
    out = np.clip(out.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    scale = rng.uniform(0.8, 1.0)
    return cv2.resize(out, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def wide(rng: np.random.Generator, img: np.ndarray, size: tuple[int, int] = (3000, 2250)) -> np.ndarray:
    """A whole-desk phone photo: the receipt fills about a third of a large frame."""
    W, H = size
    canvas = cv2.GaussianBlur(_background(rng, H, W), (0, 0), 3)
    h, w = img.shape[:2]
    scale = 0.75 * H / h
    paper = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    ph, pw = paper.shape[:2]
    x, y = int(rng.uniform(0.1, 0.9) * (W - pw)), int(rng.uniform(0.2, 0.8) * (H - ph))
    canvas[y:y + ph, x:x + pw] = paper
    m = cv2.getRotationMatrix2D((x + pw / 2, y + ph / 2), rng.uniform(-6, 6), 1.0)
    out = cv2.warpAffine(canvas, m, (W, H), borderMode=cv2.BORDER_REPLICATE)
    out = _shadow(rng, out, rng.uniform(0.2, 0.35))
    return cv2.GaussianBlur(out, (3, 3), 0.8)


def faded(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    """Thermal paper that has faded: pale, uneven ink, lighter towards one end, a yellow cast."""
    h, w = img.shape[:2]
    ink = 255.0 - img.astype(np.float32)
    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    along = rng.uniform(0.35, 0.55) + rng.uniform(0.1, 0.3) * (yy if rng.random() < 0.5 else 1 - yy)
    streak = 1.0 - 0.25 * (rng.random((1, w)).astype(np.float32) < 0.05)
    out = 255.0 - ink * (along * streak)[:, :, None]
    out *= np.float32([0.93, 0.98, 1.0])  # BGR: a warm cast
    return np.clip(out, 0, 255).astype(np.uint8)


def lowres(img: np.ndarray, width: int) -> np.ndarray:
    """A small picture (a thumbnail or a message app's copy): `width` pixels wide."""
    h, w = img.shape[:2]
    return cv2.resize(img, (width, max(1, int(h * width / w))), interpolation=cv2.INTER_AREA)


def motion(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    """A shaken phone: a short linear blur in a random direction."""
    k = int(rng.integers(5, 9))
    kernel = np.zeros((k, k), np.float32)
    kernel[k // 2, :] = 1.0 / k
    rot = cv2.getRotationMatrix2D((k / 2 - 0.5, k / 2 - 0.5), float(rng.uniform(0, 180)), 1.0)
    kernel = cv2.warpAffine(kernel, rot, (k, k))
    return cv2.filter2D(img, -1, kernel / max(kernel.sum(), 1e-6))


def crumpled(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    """A slip crumpled in a pocket and flattened: strong waves and creases, then a phone photo."""
    out = _crumple(rng, img, rng.uniform(4.0, 7.0))
    out = _crumple(rng, out, rng.uniform(1.5, 3.0))
    return mild(rng, out)


def dotmatrix(img: np.ndarray, pitch: int = 4) -> np.ndarray:
    """The print of a dot-matrix terminal: ink sampled on a grid of round dots (at twice the size)."""
    big = cv2.resize(img, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    ink = (cv2.cvtColor(big, cv2.COLOR_BGR2GRAY) < 150).astype(np.float32)
    h, w = ink.shape
    cover = cv2.resize(ink, (w // pitch, h // pitch), interpolation=cv2.INTER_AREA) > 0.3
    grid = np.zeros((h, w), np.uint8)
    ys, xs = np.nonzero(cover)
    grid[ys * pitch + pitch // 2, xs * pitch + pitch // 2] = 1
    dots = cv2.dilate(grid, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (pitch - 1, pitch - 1)))
    out = np.empty_like(big)
    out[:] = np.median(big.reshape(-1, 3), axis=0).astype(np.uint8)
    out[dots > 0] = (60, 55, 70)
    return out
