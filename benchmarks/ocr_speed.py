"""Speed of `python -m ocr FILE --json`, one process per file, process start included.

Run from the repository root:
  .venv/bin/python benchmarks/ocr_speed.py DIR_OR_FILES... [--core 0] [--limit N] [--repeat N]
      [--root CHECKOUT] [--against OTHER_CHECKOUT]

Each file is read by a fresh process pinned to one core (`taskset -c CORE`, OCR_THREADS=1). Prints p50/p90
wall seconds, p50/p90 CPU seconds (user+sys of the child: less sensitive to other load on the machine
than wall time) and the peak resident memory of the largest process. With --against, every file is
read by both checkouts in turn (alternating which goes first), so a before/after pair shares the machine's
load of the moment, and both summaries are printed. Each checkout's `ocr/` is byte-compiled first, as
`scripts/setup.sh` leaves it, so that no run pays for compiling the sources (where PYTHONDONTWRITEBYTECODE
is set, every run would).

Reproducible by construction: each child runs with PYTHONPATH set to its own checkout (a PYTHONPATH the
caller exported, `.` or an absolute path, would otherwise decide which checkout's code runs), a fixed
PYTHONHASHSEED and the caller's OCR_* settings removed, except OCR_THREADS=1; a child that exits with an
error is counted and reported, never timed as a fast file. --repeat N reads every file N times and keeps
its least CPU and wall time (other load on a shared machine only ever adds time), which steadies the
percentiles from one run to the next.
"""

from __future__ import annotations

import argparse
import compileall
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


def child_env(root: Path) -> dict[str, str]:
    """The environment of a timed process: the caller's, with `root` alone on PYTHONPATH, a fixed hash seed
    and no OCR_* setting but OCR_THREADS=1 (an exported OCR_LANG or OCR_DET_SIZE would time another
    reader)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCR_")}
    return {**env, "PYTHONPATH": str(Path(root).resolve()), "PYTHONHASHSEED": "0", "OCR_THREADS": "1"}


def run_one(path: Path, core: int | None, root: Path = ROOT) -> tuple[float, float, int, int]:
    """(wall s, cpu s, peak RSS KiB, exit status) of one `python -m ocr FILE --json` process run from
    `root`."""
    cmd = [sys.executable, "-m", "ocr", str(path), "--json"]
    if core is not None and shutil.which("taskset"):
        cmd = ["taskset", "-c", str(core)] + cmd
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=root, env=child_env(root), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode


def quantile(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(walls: list[float], cpus: list[float], peak: int) -> str:
    """One line: p50/p90 wall and CPU seconds, peak RSS."""
    return (f"files {len(walls)}  wall p50 {statistics.median(walls):.2f} "
            f"p90 {quantile(walls, 0.9):.2f} s  cpu p50 {statistics.median(cpus):.2f} "
            f"p90 {quantile(cpus, 0.9):.2f} s  peak {peak / 1024:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    """Time every file and print the summary."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--core", type=int, default=0, help="CPU to pin to (-1: no pinning)")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=1,
                    help="read every file this many times, keeping its least CPU and wall time")
    ap.add_argument("--root", type=Path, default=ROOT,
                    help="checkout whose ocr/ is run (e.g. an exported commit)")
    ap.add_argument("--against", type=Path, default=None,
                    help="a second checkout, run on every file in turn with --root")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per file")
    args = ap.parse_args(argv)
    core = None if args.core < 0 else args.core
    roots = [args.root] + ([args.against] if args.against else [])
    walls: dict[Path, list[float]] = {r: [] for r in roots}
    cpus: dict[Path, list[float]] = {r: [] for r in roots}
    peak = dict.fromkeys(roots, 0)
    failed = dict.fromkeys(roots, 0)
    for root in roots:
        compileall.compile_dir(root / "ocr", quiet=1)
    for i, path in enumerate(files_of(args.paths, args.limit)):
        runs: dict[Path, list[tuple[float, float, int, int]]] = {r: [] for r in roots}
        for k in range(max(1, args.repeat)):
            for root in roots if (i + k) % 2 == 0 else roots[::-1]:
                runs[root].append(run_one(path.resolve(), core, root))
        for root in roots:
            wall, cpu = min(r[0] for r in runs[root]), min(r[1] for r in runs[root])
            rss, status = max(r[2] for r in runs[root]), max(r[3] for r in runs[root])
            walls[root].append(wall)
            cpus[root].append(cpu)
            peak[root] = max(peak[root], rss)
            failed[root] += status != 0
            if args.verbose:
                tag = f"  [{root}]" if len(roots) > 1 else ""
                flag = f"  exit {status}" if status else ""
                print(f"{wall:6.2f} s wall {cpu:6.2f} s cpu {rss / 1024:6.0f} MB  {path.name}{tag}{flag}")
    if not walls[args.root]:
        ap.error("no files")
    for root in roots:
        print(summary(walls[root], cpus[root], peak[root]) + (f"  {root}" if len(roots) > 1 else "")
              + (f"  ({failed[root]} exited with an error)" if failed[root] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
