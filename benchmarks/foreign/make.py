"""Write a foreign set: N documents drawn by Chromium, damaged with OpenCV, and truth.json.

usage: python -m benchmarks.foreign OUT_DIR [--count N] [--seed S] [--layouts base|new|all] [--keep-html]
       python benchmarks/foreign/make.py OUT_DIR ...
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
if __package__ in (None, ""):  # run as a script: import the package from the checkout, not this folder
    sys.path[0] = str(ROOT)

from benchmarks.foreign import damage, docs, extra  # noqa: E402
from benchmarks.foreign.browser import open_browser  # noqa: E402

FORBIDDEN = (ROOT / "sample_receipts").resolve()
VARIANTS = {  # paper -> (variant, weight)
    "thermal": [("clean", 2), ("mild", 3), ("hard", 3), ("rot90", 1), ("crumpled", 2), ("faded", 2)],
    "paper": [("clean", 2), ("mild", 3), ("hard", 3), ("rot90", 1), ("crumpled", 2), ("faded", 1)],
    "screen": [("clean", 4), ("mild", 3), ("hard", 2), ("rot90", 1)],
    "a4": [("clean", 4), ("mild", 3), ("hard", 2), ("rot90", 1)],
}
PDF_KINDS = ("card_web", "rail_mail", "hotel", "rail_web", "bus_mail", "hotel_inv")
# Layout sets: the first set (its seeds keep drawing the same files), the layouts added later, or both.
LAYOUTS = {"base": docs.KINDS, "new": extra.KINDS, "all": {**docs.KINDS, **extra.KINDS}}


def weighted(rng: random.Random, pairs):
    names, weights = zip(*pairs)
    return rng.choices(names, weights=weights)[0]


def save(out: Path, stem: str, img: np.ndarray, capture: str, rng: random.Random) -> tuple[str, str]:
    """Write the image in the container its capture would come in; returns (file name, capture)."""
    if capture in ("screenshot", "render"):
        cv2.imwrite(str(out / f"{stem}.png"), img)
        return f"{stem}.png", capture
    if capture == "scan" and rng.random() < 0.35:  # a scanning app's image-only PDF
        Image.fromarray(cv2.cvtColor(img, cv2.COLOR_BGR2RGB)).save(out / f"{stem}.pdf", resolution=200)
        return f"{stem}.pdf", "scan-pdf"
    if capture == "photo" and rng.random() < 0.15 and _heif():  # an iPhone photo
        Image.fromarray(cv2.cvtColor(img, cv2.COLOR_BGR2RGB)).save(out / f"{stem}.heic", quality=80)
        return f"{stem}.heic", "heic"
    cv2.imwrite(str(out / f"{stem}.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 93])
    return f"{stem}.jpg", capture


def _heif() -> bool:
    try:
        import pillow_heif
    except ImportError:
        return False
    pillow_heif.register_heif_opener()
    return True


def make_set(out: Path, count: int, seed: int, progress=None, keep_html: bool = False,
             layouts: str = "base") -> Path:
    """Render `count` documents into `out` (never into sample_receipts/); returns the truth file."""
    out = Path(out).resolve()
    if out == FORBIDDEN or FORBIDDEN in out.parents:
        raise ValueError(f"refusing to write into {FORBIDDEN}: the foreign set is never committed")
    out.mkdir(parents=True, exist_ok=True)
    table = LAYOUTS[layouts]
    kinds = list(table.items())
    browser = open_browser()
    entries = []
    try:
        for i in range(count):
            rng = random.Random(f"foreign-{seed}-{i}")
            nrng = np.random.default_rng([seed, i])
            kind = rng.choices([k for k, _ in kinds], weights=[w for _, (_, w) in kinds])[0]
            made = table[kind][0](rng)
            variant = weighted(rng, VARIANTS[made["paper"]])
            look = made["look"]
            stem = f"f_{kind}_{i:03d}_{variant}"
            if keep_html:
                (out / f"{stem}.html").write_text(made["html"], encoding="utf-8")
            if variant == "clean" and kind in PDF_KINDS and rng.random() < 0.4:
                name, capture = f"{stem}.pdf", "pdf-text"
                (out / name).write_bytes(browser.pdf(made["html"]))
            else:
                png = browser.render(made["html"], look.width, look.scale)
                img = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
                if made.get("dots"):
                    img = damage.dot_matrix(nrng, img)
                img, capture = damage.apply(nrng, img, variant, made["paper"])
                name, capture = save(out, stem, img, capture, rng)
            template = kind + ("-dots" if made.get("dots") else "")
            entries.append({"file": name, "document_type": made["document_type"], "fields": made["fields"],
                            "variant": variant, "capture": capture, "template": template, "face": look.face,
                            "paper": made["paper"]})
            if progress:
                progress(i + 1, count)
    finally:
        browser.close()
    truth = out / "truth.json"
    truth.write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path, help="output folder (outside sample_receipts/)")
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("--seed", type=int, default=5501)
    ap.add_argument("--layouts", choices=sorted(LAYOUTS), default="base",
                    help="base: the first layouts (default); new: those added later; all: both")
    ap.add_argument("--keep-html", action="store_true", help="also write each page's HTML")
    args = ap.parse_args(argv)
    try:
        truth = make_set(args.out, args.count, args.seed, keep_html=args.keep_html, layouts=args.layouts,
                         progress=lambda i, n: print(f"\r  {i}/{n}", end="", file=sys.stderr))
    except ValueError as exc:
        ap.error(str(exc))
    print(f"\n{truth}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
