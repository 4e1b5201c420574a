"""A process reading one receipt imports only the modules it uses: each one costs every process's start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ocr.preprocess import median
from tests.unit.ocr.ocr_samples import SAMPLES, load_sample

ROOT = Path(__file__).resolve().parents[3]
# A fresh interpreter: the test process has imported far more than one reading needs.
PROBE = """
import json, sys
from ocr import extract
result = extract(open(sys.argv[1], "rb").read())
print(json.dumps({"total": result.fields.get("total_amount"), "modules": sorted(sys.modules)}))
"""


def _read_in_a_fresh_process(name: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OCR_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", PROBE, str(SAMPLES / name)], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("name, own_plugin, other_plugin", [
    ("s_card_slip_0_clean.jpg", "PIL.JpegImagePlugin", "PIL.PngImagePlugin"),
    ("s_bus_mobile_0_clean.png", "PIL.PngImagePlugin", "PIL.JpegImagePlugin"),
])
def test_a_receipt_is_read_without_the_modules_it_does_not_use(name, own_plugin, other_plugin):
    got = _read_in_a_fresh_process(name)
    assert got["total"] == load_sample(name)[1]["fields"]["total_amount"]
    modules = set(got["modules"])
    assert own_plugin in modules
    # Pillow's other common plugins, numpy.ma (np.median's NaN test), importlib.resources (places.json)
    assert not modules & {other_plugin, "PIL.GifImagePlugin", "PIL.BmpImagePlugin", "PIL.PpmImagePlugin",
                          "numpy.ma", "importlib.resources"}


def test_median_is_numpys_value_and_type():
    rng = np.random.default_rng(7)
    cases = [[3], [1, 2], [5, 1, 4, 2], [2.5, 0.1, 7.25], np.array([200, 10, 255, 0], dtype=np.uint8),
             np.array([True, False, True]), rng.normal(0, 50, 101).astype(np.float32),
             rng.normal(0, 50, 64).astype(np.float32), rng.normal(0, 1e5, 40), rng.integers(0, 256, (7, 9)),
             np.array([1.0, np.nan, 3.0]), np.array([np.nan, 2.0], dtype=np.float32)]
    for values in cases:
        want, got = np.median(values), median(values)
        assert type(got) is type(want)
        assert (np.isnan(want) and np.isnan(got)) or got == want
