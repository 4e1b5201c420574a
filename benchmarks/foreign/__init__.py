"""A second synthetic generator, independent of sample_receipts/: HTML + CSS drawn by headless Chromium.

`python -m benchmarks.foreign OUT_DIR --count N --seed S` (or `python benchmarks/foreign/make.py ...`)
writes N damaged documents and a truth.json in the scorer's format. See benchmarks/README-ocr.md.
"""
