"""OCR benchmark: per-field accuracy by variant, p50/p90 seconds per image, peak memory.

Run: .venv/bin/python benchmarks/ocr_bench.py [--engine lines|tesseract] [--only PATTERN] [--misses]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import ocr  # noqa: E402
from ocr.model import KEY_FIELDS  # noqa: E402

SAMPLES = ROOT / "sample_receipts"


def samples(pattern: str | None) -> list[tuple[Path, dict]]:
    """(file, expectation) for every sample listed in the manifest."""
    names = json.loads((SAMPLES / "manifest.json").read_text())
    out = []
    for name in names:
        if pattern and pattern not in name:
            continue
        path = SAMPLES / name
        out.append((path, json.loads(path.with_suffix(".json").read_text())))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", default=None)
    ap.add_argument("--only", default=None)
    ap.add_argument("--misses", action="store_true", help="print every wrong field")
    args = ap.parse_args()
    hits: dict = defaultdict(lambda: [0, 0])  # (variant, field) -> [right, total]
    kinds = [0, 0]
    times, cpu = [], []
    calibration = {"right": [], "wrong": []}  # confidence of key fields, by outcome
    for path, exp in samples(args.only):
        t0, c0 = time.perf_counter(), time.process_time()
        got = ocr.extract(path.read_bytes(), path.name, engine=args.engine)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        kinds[0] += got.document_type == exp["document_type"]
        kinds[1] += 1
        for field, want in exp["fields"].items():
            ok = got.fields.get(field) == want
            for variant in (exp["variant"], "all"):
                hits[(variant, field)][0] += ok
                hits[(variant, field)][1] += 1
            if field in KEY_FIELDS:
                calibration["right" if ok else "wrong"].append(got.confidence.get(field, 0.0))
            if not ok and args.misses:
                print(f"  {path.name}: {field} want {want!r} got {got.fields.get(field)!r}")
    report(hits, kinds, times, cpu)
    right, wrong = calibration["right"], calibration["wrong"]
    print(f"key-field confidence: right ones >= 0.8: {sum(c >= 0.8 for c in right)}/{len(right)}; "
          f"wrong ones >= 0.8: {sum(c >= 0.8 for c in wrong)}/{len(wrong)} "
          "(a wrong value should never look sure)")


def report(hits: dict, kinds: list[int], times: list[float], cpu: list[float]) -> None:
    """Print the tables."""
    variants = ("clean", "mild", "hard", "all")
    fields = sorted({f for _, f in hits}, key=lambda f: (f not in KEY_FIELDS, f))
    print(f"\n{'field':16}" + "".join(f"{v:>14}" for v in variants))
    for f in fields:
        cells = []
        for v in variants:
            right, total = hits.get((v, f), [0, 0])
            cells.append(f"{100 * right / total:5.1f}% ({right}/{total})" if total else "-")
        print(f"{f:16}" + "".join(f"{c:>14}" for c in cells))
    print(f"{'KEY FIELDS':16}", end="")
    for v in variants:
        right = sum(hits.get((v, f), [0, 0])[0] for f in KEY_FIELDS)
        total = sum(hits.get((v, f), [0, 0])[1] for f in KEY_FIELDS)
        print(f"{(f'{100 * right / total:5.1f}% ({right}/{total})' if total else '-'):>14}", end="")
    print(f"\ndocument type right: {kinds[0]}/{kinds[1]}")
    for name, values in (("wall", times), ("cpu", cpu)):
        q = statistics.quantiles(values, n=10) if len(values) > 1 else values * 9
        print(f"{name:5} seconds per image: p50 {statistics.median(values):.2f}  p90 {q[8]:.2f}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"images: {len(times)}  peak RSS {peak_mb:.0f} MB "
          "(cpu time is the one-core figure when the machine is shared)")


if __name__ == "__main__":
    main()
