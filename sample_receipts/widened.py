"""A widened synthetic set, written to a folder of its own with a truth.json in the scorer's format.

Run: .venv/bin/python sample_receipts/generate.py --widened OUT_DIR [--count 80] [--seed 7331]
Never writes into sample_receipts/: the committed samples stay as they are. A seed gives the same set
on machines with the same fonts and gazetteer (faces missing here are skipped, which changes the draws).
Each file gets random labels, field order, font, paper width and damage; truth.json lists
{file, document_type, fields: {total_amount, date, departure, arrival, vehicle_no, merchant},
 variant: clean|mild|hard|rot90|crumpled|faded, capture, template, face, paper}.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import numpy as np
from PIL import Image

import photo
import wide_docs as docs
import wide_more as more
from wide_layout import Slip, random_style

PLACES = Path(__file__).resolve().parents[1] / "ocr" / "data" / "places.json"
DEFAULT_SEED = 7331  # the committed samples use 20250314
# kind -> (builder, weight, thermal paper?, paper forced or None)
KINDS = {
    "rail": (docs.rail, 14, True, None),
    "bus": (None, 10, True, None),
    "retail": (docs.retail, 16, True, None),
    "terminal": (docs.terminal, 10, True, "58mm"),
    "ereceipt": (docs.e_receipt, 10, False, None),
    "taxi": (docs.taxi, 10, True, None),
    "hotel": (more.hotel, 4, False, None),
    "menu": (more.menu, 4, False, None),
    "notice": (more.notice, 4, False, None),
}
PAPER_VARIANTS = ("clean", "mild", "mild", "hard", "hard", "rot90", "crumpled", "faded")
SCREEN_VARIANTS = ("clean", "clean", "mild", "hard", "rot90")


def _bgr(img: Image.Image) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(img.convert("RGB"))[:, :, ::-1])


def small_in_frame(nrng: np.random.Generator, bgr: np.ndarray, W: int = 4000, H: int = 3000) -> np.ndarray:
    """A 12-megapixel photo where the slip fills a small part of the frame."""
    import cv2
    scale = H * nrng.uniform(0.3, 0.45) / bgr.shape[0]
    paper = cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    canvas = cv2.GaussianBlur(photo._background(nrng, H, W), (0, 0), 3)
    ph, pw = paper.shape[:2]
    x, y = int(nrng.uniform(0.1, 0.9) * (W - pw)), int(nrng.uniform(0.1, 0.9) * (H - ph))
    canvas[y:y + ph, x:x + pw] = paper
    m = cv2.getRotationMatrix2D((x + pw / 2, y + ph / 2), float(nrng.uniform(-8, 8)), 1.0)
    out = cv2.warpAffine(canvas, m, (W, H), borderMode=cv2.BORDER_REPLICATE)
    return photo._shadow(nrng, out, float(nrng.uniform(0.15, 0.35)))


def damage(nrng: np.random.Generator, rng: random.Random, bgr: np.ndarray, variant: str,
           thermal: bool) -> tuple[np.ndarray, str]:
    """Apply the variant's damage; returns (image, capture)."""
    if variant == "mild":
        return photo.mild(nrng, bgr), "photo"
    if variant == "rot90":
        out = photo.mild(nrng, bgr)
        return np.ascontiguousarray(np.rot90(out, rng.choice((1, 3)))), "photo"
    if variant == "crumpled":
        return photo.crumpled(nrng, bgr), "photo"
    if variant == "faded":
        return photo.mild(nrng, photo.faded(nrng, bgr)), "photo"
    how = rng.choice(("perspective", "perspective", "motion", "lowres", "frame"))
    if how == "motion":
        return photo.motion(nrng, photo.mild(nrng, bgr)), "photo"
    if how == "lowres":
        return photo.lowres(photo.mild(nrng, bgr), rng.randint(300, 420)), "lowres"
    if how == "frame":
        return small_in_frame(nrng, bgr), "wide"
    return photo.hard(nrng, bgr, thermal=thermal), "photo"


def _save(out_dir: Path, stem: str, bgr: np.ndarray, capture: str, png: bool) -> str:
    pil = Image.fromarray(bgr[:, :, ::-1])
    if capture == "pdf":
        name = stem + ".pdf"
        buf = io.BytesIO()
        pil.save(buf, format="PDF", resolution=150)
        (out_dir / name).write_bytes(buf.getvalue())
        return name
    name = stem + (".png" if png else ".jpg")
    pil.save(out_dir / name, **({"optimize": True} if png else {"quality": 80}))
    return name


def _mix(rng: random.Random, count: int) -> list[str]:
    """Kinds in proportion to their weights (every kind once when count allows), in random order."""
    total = sum(w for _, w, _, _ in KINDS.values())
    if count < len(KINDS):
        return list(KINDS)[:count]
    quota = {k: max(1, round(count * w / total)) for k, (_, w, _, _) in KINDS.items()}
    while sum(quota.values()) > count:
        quota[max(quota, key=quota.get)] -= 1
    kinds = [k for k, n in quota.items() for _ in range(n)]
    while len(kinds) < count:
        kinds.append(rng.choices(list(KINDS), [w for _, w, _, _ in KINDS.values()])[0])
    rng.shuffle(kinds)
    return kinds


def make_set(out_dir: Path, count: int = 80, seed: int = DEFAULT_SEED, progress=None) -> list[dict]:
    """Write `count` documents and truth.json into `out_dir`; returns the truth entries."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng, nrng = random.Random(seed), np.random.default_rng(seed)
    terminals = json.loads(PLACES.read_text(encoding="utf-8"))["bus_terminals"]
    truth = []
    for i, kind in enumerate(_mix(rng, count)):
        builder, _, thermal, paper = KINDS[kind]
        screen = not thermal and rng.random() < 0.7
        style = random_style(rng, paper=paper or ("screen" if screen else None), thermal=thermal)
        slip = Slip(style, rng)
        meta = docs.bus(slip, rng, terminals) if kind == "bus" else builder(slip, rng)
        variant = rng.choice(SCREEN_VARIANTS if style.paper in ("screen", "a4") else PAPER_VARIANTS)
        bgr = _bgr(slip.finish())
        printer = "dotmatrix" if kind == "terminal" and rng.random() < 0.35 else "thermal"
        if printer == "dotmatrix":
            bgr = photo.dotmatrix(bgr)
        if variant == "clean":
            capture = ("pdf" if style.paper == "a4" and rng.random() < 0.6 else
                       "screenshot" if style.paper == "screen" else "render")
        else:
            bgr, capture = damage(nrng, rng, bgr, variant, thermal)
        name = _save(out_dir, f"w_{kind}_{i:03d}_{variant}", bgr, capture,
                     png=variant == "clean" and capture == "screenshot")
        truth.append({"file": name, **meta, "variant": variant, "capture": capture,
                      "template": f"widened_{kind}", "face": style.face, "paper": style.paper,
                      **({"print": printer} if printer != "thermal" else {})})
        if progress:
            progress(i + 1, count)
    (out_dir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth
