"""The package's regular expressions built from opcodes kept on disk (ocr/patterns.py) are the patterns `re`
compiles, and a receipt reads the same with that cache, without it, and when the cache is first written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path


from ocr import patterns
from tests.unit.ocr.ocr_samples import card_slip_tail

ROOT = Path(__file__).resolve().parents[3]
PROBE = """
import json, sys
from ocr import extract, patterns
result = extract(open(sys.argv[1], "rb").read(), "slip.png").to_dict()
result.pop("elapsed_ms")
print(json.dumps({"result": result, "kept": patterns.cache_file()}, ensure_ascii=False))
"""


def _read_in_a_fresh_process(path: Path, cache: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OCR_THREADS": "1", "OCR_MODEL_CACHE": cache}
    done = subprocess.run([sys.executable, "-c", PROBE, str(path)], env=env, cwd=ROOT, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def test_a_receipt_reads_the_same_from_kept_patterns_as_compiled(templates, tmp_path):
    page = templates.Page(600, 900, face="gothic")
    page.center("영수증", 30, bold=True)
    page.line("솔빛분식", 24)
    path = tmp_path / "slip.png"
    path.write_bytes(card_slip_tail(page))
    cache = tmp_path / "cache"
    plain = _read_in_a_fresh_process(path, "")  # no cache: compiled as usual
    first = _read_in_a_fresh_process(path, str(cache))  # compiled, then written
    kept = Path(first["kept"])
    assert plain["kept"] is None and kept.parent == cache and kept.exists()
    again = _read_in_a_fresh_process(path, str(cache))  # built from the kept opcodes
    assert plain["result"]["fields"]["total_amount"] == 8000
    assert first["result"] == plain["result"] == again["result"]
    # every kept pattern is the one re compiles: same text, flags and opcodes (Pattern equality)
    table = patterns._load(str(kept))["patterns"]
    assert len(table) > 100
    for (text, flags), entry in table.items():
        assert patterns._sre.compile(text, *entry) == re._compiler.compile(text, flags)


def test_a_foreign_or_broken_cache_file_is_compiled_past(tmp_path, monkeypatch):
    monkeypatch.setenv("OCR_MODEL_CACHE", str(tmp_path))
    path = patterns.cache_file()
    Path(path).write_bytes(b"not a table")
    text = r"[가-힣]{2,}\s*(\d+)원"
    with patterns.kept():
        got = re.compile(text)
    assert got.fullmatch("합계 8000원").group(1) == "8000"
    assert got == re._compiler.compile(text, 0)
    assert list(patterns._load(path)["patterns"]) == [(text, 0)]  # the file written again, whole


def test_a_kept_entry_the_engine_refuses_is_compiled_as_usual(tmp_path, monkeypatch):
    # an entry of the right file kind whose opcodes the engine refuses (cut short): compiled as usual
    monkeypatch.setenv("OCR_MODEL_CACHE", str(tmp_path))
    path = patterns.cache_file()
    text = r"(\d{1,3}(?:,\d{3})+)\s*원"
    flags, code, groups, groupindex, indexgroup = patterns._opcodes(text, 0)
    patterns._save(path, {"kind": patterns._KIND,
                          "patterns": {(text, 0): (flags, code[:3], groups, groupindex, indexgroup)}})
    with patterns.kept():
        got = re.compile(text)
    assert got.search("합계 12,300원").group(1) == "12,300"
    assert got == re._compiler.compile(text, 0)
