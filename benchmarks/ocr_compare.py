"""OCR on the project's samples, the real dev set, a widened and a foreign generated set, side by side.

Run from the repository root:
  .venv/bin/python benchmarks/ocr_compare.py [--real-dir DIR] [--generated N] [--seed S]
      [--foreign N] [--foreign-seed S] [--foreign-layouts base|new|all] [-v]

Every value is judged by the scorer the project is measured with (../shared/eval/score.py, or
--scorer PATH): this file only converts the samples' expectations to its truth format, runs its
evaluate() on each set and lays the results side by side, with a calibration table
(confidence band -> share of values right). See benchmarks/README-ocr.md.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import shlex
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_receipts"
# ../shared/eval beside the checkout (a git worktree one level deeper finds it too), or $YEOBI_EVAL_DIR.
SHARED = next((d for d in (Path(os.environ.get("YEOBI_EVAL_DIR", "/nonexistent")),
                           ROOT.parent / "shared" / "eval", ROOT.parents[1] / "shared" / "eval")
               if d.is_dir()), ROOT.parent / "shared" / "eval")
BANDS = ((0.9, 1.01, ">= 0.9"), (0.8, 0.9, "0.8-0.9"), (0.6, 0.8, "0.6-0.8"), (0.3, 0.6, "0.3-0.6"),
         (0.0, 0.3, "< 0.3"))


def load_scorer(path: Path):
    """The scorer as a module (its matching rules stay in its own file)."""
    spec = importlib.util.spec_from_file_location("yeobi_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def samples_truth(scorer, out: Path) -> Path:
    """sample_receipts/manifest.json as a scorer truth file in `out`; returns its path."""
    entries = []
    for name in json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8")):
        meta = json.loads((SAMPLES / name).with_suffix(".json").read_text(encoding="utf-8"))
        got = meta["fields"]
        entries.append({"file": name, "document_type": meta["document_type"],
                        "fields": {f: got.get(f) for f in scorer.FIELDS},
                        "variant": meta["variant"], "capture": meta.get("template", "")})
    path = out / "samples-truth.json"
    path.write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def generated_set(out: Path, count: int, seed: int) -> Path:
    """A widened set written by the project's generator; returns its truth file."""
    sys.path.insert(0, str(SAMPLES))
    import widened

    widened.make_set(out, count, seed,
                     progress=lambda i, n: print(f"\r  generating {i}/{n}", end="", file=sys.stderr))
    print(file=sys.stderr)
    return out / "truth.json"


def foreign_set(out: Path, count: int, seed: int, layouts: str = "base") -> Path:
    """A set drawn by the independent HTML/Chromium generator (benchmarks/foreign); returns its truth file."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.foreign.make import make_set

    truth = make_set(out, count, seed, layouts=layouts,
                     progress=lambda i, n: print(f"\r  drawing foreign {i}/{n}", end="", file=sys.stderr))
    print(file=sys.stderr)
    return truth


def with_progress(scorer, label: str, total: int):
    """Wrap the scorer's per-file runner so long runs show how far they are."""
    original, done, lock = scorer.run_one, [0], threading.Lock()

    def run_one(cmd, path):
        result = original(cmd, path)
        with lock:
            done[0] += 1
            print(f"\r  {label}: {done[0]}/{total} files", end="", file=sys.stderr, flush=True)
        return result

    scorer.run_one = run_one
    return lambda: setattr(scorer, "run_one", original)


def score_set(scorer, label: str, truth: Path, images: Path, cmd: str, jobs: int, verbose: bool) -> dict:
    """Run the scorer on one set; its own report is kept for -v."""
    entries = scorer.load_truth(str(truth))
    restore = with_progress(scorer, label, len(entries))
    report = io.StringIO()
    try:
        with contextlib.redirect_stdout(report):
            result = scorer.evaluate(label, entries, str(images), cmd, jobs, verbose)
    finally:
        restore()
        print(file=sys.stderr)
    result["report"] = report.getvalue()
    return result


def pct(right: int, total: int) -> str:
    """'97.1% (101/104)', or '-' when nothing was scored."""
    return f"{100 * right / total:5.1f}% ({right}/{total})" if total else "-"


def shown_key_values(scorer, rows: list[dict]):
    """(confidence, right) of every key value the reader reported (document type aside)."""
    for row in rows:
        for key in scorer.key_fields(row["document_type"]):
            value = row["fields"].get(key)
            if key != "document_type" and value and value["pred"] is not None:
                yield value["conf"], value["ok"]


def table(scorer, results: dict[str, dict]) -> str:
    """The side-by-side tables as text."""
    names = list(results)
    width = max(18, *(len(n) + 4 for n in names))
    lines = [f"{'':16}" + "".join(f"{n:>{width}}" for n in names)]

    def add(label, cells):
        lines.append(f"{label:16}" + "".join(f"{c:>{width}}" for c in cells))

    add("files", [str(len(r["rows"])) for r in results.values()])
    for field in ["document_type"] + scorer.FIELDS:
        cells = []
        for r in results.values():
            hits = [row["fields"][field]["ok"] for row in r["rows"] if field in row["fields"]]
            cells.append(pct(sum(hits), len(hits)))
        add(field, cells)
    groups = ["clean", "mild", "hard", "real"]
    for group in groups + ["ALL"]:
        cells = []
        for r in results.values():
            rows = [row for row in r["rows"] if group == "ALL" or row["group"] == group]
            cells.append(pct(sum(x["key_ok"] for x in rows), sum(x["key_n"] for x in rows)))
        add(f"key {group}", cells)
    add("silent errors", [f"{r['silent']} of {r['shown']}" for r in results.values()])
    add("crash/timeout", [f"{r['status']['crash']}/{r['status']['timeout']}" for r in results.values()])
    add("p50 s/file", [f"{r['p50']:.2f}" for r in results.values()])
    add("p90 s/file", [f"{r['p90']:.2f}" for r in results.values()])
    lines.append("")
    lines.append("calibration: key values reported (document type aside), by confidence -> share right")
    for lo, hi, label in BANDS:
        cells = []
        for r in results.values():
            hits = [ok for conf, ok in shown_key_values(scorer, r["rows"])
                    if conf is not None and lo <= conf < hi]
            cells.append(pct(sum(hits), len(hits)))
        add(f"  conf {label}", cells)
    add("  no confidence", [pct(*_missing(scorer, r["rows"])) for r in results.values()])
    return "\n".join(lines)


def _missing(scorer, rows: list[dict]) -> tuple[int, int]:
    hits = [ok for conf, ok in shown_key_values(scorer, rows) if conf is None]
    return sum(hits), len(hits)


def main(argv: list[str] | None = None) -> int:
    """Score each available set and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--real-dir", type=Path, help="images written by ../shared/eval/real-dev/get.py")
    ap.add_argument("--real-truth", type=Path, default=SHARED / "real-dev" / "truth.json")
    ap.add_argument("--generated", type=int, default=0, metavar="N", help="also a widened set of N files")
    ap.add_argument("--seed", type=int, default=4242, help="seed of the generated set")
    ap.add_argument("--foreign", type=int, default=0, metavar="N",
                    help="also N files of the foreign generator (HTML in headless Chromium)")
    ap.add_argument("--foreign-seed", type=int, default=5501, help="seed of the foreign set")
    ap.add_argument("--foreign-layouts", choices=("base", "new", "all"), default="base",
                    help="layouts of the foreign set: the first ones, those added later, or both")
    ap.add_argument("--scorer", type=Path, default=SHARED / "score.py")
    ap.add_argument("--cmd", default=f"{shlex.quote(sys.executable)} -m ocr {{file}} --json")
    ap.add_argument("--jobs", type=int, default=1, help="files read at once (timings get noisier)")
    ap.add_argument("--no-samples", action="store_true", help="skip the project's samples")
    ap.add_argument("--details", type=Path, help="write every per-file result here as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the scorer's own reports too")
    args = ap.parse_args(argv)
    if not args.scorer.exists():
        ap.error(f"scorer not found: {args.scorer} (pass --scorer PATH)")
    scorer = load_scorer(args.scorer)
    os.chdir(ROOT)  # the scorer runs the command from the current directory
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="ocr-compare-") as tmp:
        tmp = Path(tmp)
        sets = []
        if not args.no_samples:
            sets.append(("samples", samples_truth(scorer, tmp), SAMPLES))
        if args.real_dir and args.real_dir.is_dir():
            sets.append(("real-dev", args.real_truth, args.real_dir))
        else:
            print(f"real dev set skipped: no images at {args.real_dir or '(no --real-dir)'}; "
                  "see benchmarks/README-ocr.md to fetch them", file=sys.stderr)
        if args.generated:
            gen = tmp / "generated"
            sets.append((f"widened-{args.generated}", generated_set(gen, args.generated, args.seed), gen))
        if args.foreign:
            far = tmp / "foreign"
            name = f"foreign-{args.foreign}"
            name += "" if args.foreign_layouts == "base" else f"-{args.foreign_layouts}"
            sets.append((name, foreign_set(far, args.foreign, args.foreign_seed, args.foreign_layouts), far))
        for label, truth, images in sets:
            results[label] = score_set(scorer, label, truth, images, args.cmd, args.jobs, args.verbose)
            if args.verbose:
                print(results[label]["report"])
    if not results:
        ap.error("nothing to score")
    print(table(scorer, results))
    if args.details:
        slim = {k: {"rows": v["rows"], "summary": v["summary"]} for k, v in results.items()}
        args.details.write_text(json.dumps(slim, ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
