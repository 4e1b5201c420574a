"""extract() from several threads at once, and the command line."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from ocr import extract
from ocr.__main__ import main
from tests.unit.ocr.ocr_samples import SAMPLES, load_sample


def test_threads_share_the_engine_safely():
    names = ["s_bus_paper_1_clean.jpg", "s_taxi_slip_0_clean.jpg"] * 2
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda n: extract(load_sample(n)[0]).fields["total_amount"], names))
    assert results == [load_sample(n)[1]["fields"]["total_amount"] for n in names]


def test_cli_prints_one_json_object_per_file(capsys):
    files = [str(SAMPLES / "s_pdf_text_0_clean.pdf"), str(SAMPLES / "s_card_slip_0_clean.jpg")]
    assert main(files + ["--json"]) == 0
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["document_type"] for r in rows] == ["rail_ticket", "card_slip"]
    assert "100%" in err  # the progress bar goes to stderr


def test_cli_summary_and_error_exit(capsys, tmp_path):
    bad = tmp_path / "x.jpg"
    bad.write_text("not an image")
    assert main([str(SAMPLES / "s_pdf_text_0_clean.pdf")]) == 0
    assert "total_amount" in capsys.readouterr().out
    assert main([str(bad)]) == 1
    assert "UnsupportedType" in capsys.readouterr().out


def test_paddle_engine_reads_a_ticket():
    import os

    det, rec = os.environ.get("PADDLE_DET_DIR"), os.environ.get("PADDLE_REC_DIR")
    if not det or not rec or not os.path.isdir(det) or not os.path.isdir(rec):
        pytest.skip("PaddleOCR models absent: set PADDLE_DET_DIR and PADDLE_REC_DIR to local model folders "
                    "(no Korean PaddleOCR model can be installed from a package registry)")
    pytest.importorskip("paddleocr", reason="the [paddle] extra is not installed")
    data, exp = load_sample("s_rail_paper_1_clean.jpg")
    got = extract(data, engine="paddle")
    assert got.fields["total_amount"] == exp["fields"]["total_amount"]


def test_a_missing_model_folder_is_an_engine_error(monkeypatch):
    import threading

    from ocr import OcrEngineError

    monkeypatch.setenv("OCR_TESSDATA_DIR", "/nonexistent/tessdata")
    data, _ = load_sample("s_card_slip_0_clean.jpg")
    errors = []

    def run():  # a fresh thread, so no Tesseract object cached by another test is reused
        try:
            extract(data)
        except Exception as exc:  # noqa: BLE001 - the test inspects the type
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    assert len(errors) == 1 and isinstance(errors[0], OcrEngineError)
