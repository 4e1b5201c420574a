"""Speed of `python -m ocr FILE --json`, one process per file, process start included.

Run from the repository root:
  .venv/bin/python benchmarks/ocr_speed.py DIR_OR_FILES... [--core 0] [--limit N] [--root CHECKOUT]

Each file is read by a fresh process pinned to one core (`taskset -c CORE`, OCR_THREADS=1). Prints p50/p90
wall seconds, p50/p90 CPU seconds (user+sys of the child: less sensitive to other load on the machine
than wall time) and the peak resident memory of the largest process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".pdf"}


def files_of(paths: list[Path], limit: int | None) -> list[Path]:
    """Every image or PDF under the given paths, sorted."""
    out: list[Path] = []
    for p in paths:
        out += sorted(f for f in p.iterdir() if f.suffix.lower() in SUFFIXES) if p.is_dir() else [p]
    return out[:limit] if limit else out


def run_one(path: Path, core: int | None, root: Path = ROOT) -> tuple[float, float, int]:
    """(wall s, cpu s, peak RSS KiB) of one `python -m ocr FILE --json` process run from `root`."""
    cmd = [sys.executable, "-m", "ocr", str(path), "--json"]
    if core is not None and shutil.which("taskset"):
        cmd = ["taskset", "-c", str(core)] + cmd
    env = {**os.environ, "OCR_THREADS": "1"}
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def quantile(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    """Time every file and print the summary."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--core", type=int, default=0, help="CPU to pin to (-1: no pinning)")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--root", type=Path, default=ROOT,
                    help="checkout whose ocr/ is run (e.g. an exported commit)")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per file")
    args = ap.parse_args(argv)
    core = None if args.core < 0 else args.core
    walls, cpus, peak = [], [], 0
    for path in files_of(args.paths, args.limit):
        wall, cpu, rss = run_one(path.resolve(), core, args.root)
        walls.append(wall)
        cpus.append(cpu)
        peak = max(peak, rss)
        if args.verbose:
            print(f"{wall:6.2f} s wall {cpu:6.2f} s cpu {rss / 1024:6.0f} MB  {path.name}")
    if not walls:
        ap.error("no files")
    print(f"files {len(walls)}  wall p50 {statistics.median(walls):.2f} p90 {quantile(walls, 0.9):.2f} s  "
          f"cpu p50 {statistics.median(cpus):.2f} p90 {quantile(cpus, 0.9):.2f} s  peak {peak / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
